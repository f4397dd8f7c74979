/**
 * Time as the directory refresh sees it: injected, so tests run paced refreshes and intervals without
 * waiting (a fake clock whose `sleep` moves time forward) and nothing here reads ambient time directly.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (the caller then sees `signal.aborted`). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Timers for work that waits on real time (scheduled refreshes, lease renewal); unref'd by default. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      // A paced refresh must never be what keeps the process alive at shutdown.
      timer.unref();
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** Node's timers, unref'd: background refreshes never hold the process open. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
