/**
 * The bulkhead's slots: at most `max` calls in flight, at most `maxQueued` waiting in FIFO order.
 * Written here rather than taken from cockatiel because cockatiel 3's bulkhead queue does not react
 * to a waiter's abort signal (a queued call outlives its deadline, and a cancelled waiter loses the
 * wake-up of the next one). A waiter whose signal aborts leaves the queue at once.
 */
export class SlotsFullError extends Error {
  constructor() {
    super('no free slot and the queue is full');
    this.name = 'SlotsFullError';
  }
}

export class SlotWaitAbortedError extends Error {
  constructor() {
    super('gave up waiting for a slot');
    this.name = 'SlotWaitAbortedError';
  }
}

interface Waiter {
  grant(): void;
}

export class Slots {
  private inUse = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly max: number,
    private readonly maxQueued: number,
  ) {}

  /** Calls in flight and waiting, for logs and readiness. */
  get usage(): { inFlight: number; queued: number } {
    return { inFlight: this.inUse, queued: this.waiters.length };
  }

  /** Runs `task` in a slot, waiting for one (in order) unless `signal` aborts first. */
  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (this.inUse < this.max) {
      this.inUse += 1;
      return Promise.resolve();
    }
    if (this.waiters.length >= this.maxQueued) return Promise.reject(new SlotsFullError());
    if (signal.aborted) return Promise.reject(new SlotWaitAbortedError());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(new SlotWaitAbortedError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Hands the slot to the longest waiter, or frees it. */
  private release(): void {
    const next = this.waiters.shift();
    if (next) next.grant();
    else this.inUse -= 1;
  }
}
