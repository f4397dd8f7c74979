interface PendingRead<T> {
  resolve(result: IteratorResult<T, undefined>): void;
  reject(error: Error): void;
}

const DONE: IteratorResult<never, undefined> = { done: true, value: undefined };

/**
 * One subscriber's bounded queue, read as an async iterator. The producer side (`offer`, `fail`, `end`)
 * never waits for the consumer: it hands a value to a waiting `next()` or buffers it, so a slow consumer
 * only ever costs its own buffer.
 */
export class SubscriberQueue<T> implements AsyncIterableIterator<T, undefined> {
  readonly #capacity: number;
  readonly #onReturn: () => void;
  #buffered: T[] = [];
  readonly #reads: Array<PendingRead<T>> = [];
  #state: 'open' | 'failed' | 'ended' = 'open';
  /** Set by `fail`, reported by the next read only. */
  #failure: Error | undefined;

  /** `onReturn`: the consumer gave up (`return()`), e.g. to unsubscribe. Not called for `fail` or `end`. */
  constructor(capacity: number, onReturn: () => void) {
    this.#capacity = capacity;
    this.#onReturn = onReturn;
  }

  get isOpen(): boolean {
    return this.#state === 'open';
  }

  /**
   * Hands the value to a waiting read, or buffers it. 'full': the buffer already holds `capacity`
   * values, so the value was not taken (the caller decides what that means, see `fail`).
   */
  offer(value: T): 'taken' | 'full' | 'closed' {
    if (this.#state !== 'open') return 'closed';
    const read = this.#reads.shift();
    if (read) {
      read.resolve({ done: false, value });
      return 'taken';
    }
    if (this.#buffered.length >= this.#capacity) return 'full';
    this.#buffered.push(value);
    return 'taken';
  }

  /** Drops what is buffered; the next read rejects with `error`, later ones are done. */
  fail(error: Error): void {
    if (this.#state !== 'open') return;
    this.#state = 'failed';
    this.#buffered = [];
    const first = this.#reads.shift();
    if (first) first.reject(error);
    else this.#failure = error;
    this.#finishReads();
  }

  /**
   * Ends the iteration normally: every read, pending or later, is done. What was buffered is dropped —
   * this is a shutdown, and subscriptions promise no replay anyway.
   */
  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ended';
    this.#buffered = [];
    this.#finishReads();
  }

  next(): Promise<IteratorResult<T, undefined>> {
    const value = this.#buffered.shift();
    // `undefined` is never a value here: events are objects.
    if (value !== undefined) return Promise.resolve({ done: false, value });
    if (this.#failure) {
      const failure = this.#failure;
      this.#failure = undefined;
      return Promise.reject(failure);
    }
    if (this.#state !== 'open') return Promise.resolve(DONE);
    return new Promise((resolve, reject) => this.#reads.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T, undefined>> {
    const wasOpen = this.#state === 'open';
    this.end();
    // After a failure the consumer has nothing left to report: the error was (or will be) read.
    this.#failure = undefined;
    if (wasOpen) this.#onReturn();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #finishReads(): void {
    for (const read of this.#reads.splice(0)) read.resolve(DONE);
  }
}
