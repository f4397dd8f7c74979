import { setMaxListeners } from 'node:events';
/**
 * The time budget of one GraphQL request. Created once per request in the context; every upstream
 * call made for the request gets what is left of it, so a slow platform cannot hold a request past
 * its deadline.
 */
export class Deadline {
  private constructor(
    /** Epoch milliseconds at which the request's time runs out. */
    readonly expiresAt: number,
    private readonly now: () => number,
  ) {}

  static after(budgetMs: number, now: () => number = Date.now): Deadline {
    return new Deadline(now() + budgetMs, now);
  }

  private timeoutSignal: AbortSignal | undefined;

  /**
   * Aborts when the request's time runs out. One signal serves every upstream call and bulkhead wait
   * of the request: they all end at the same instant, and a timer per call showed in profiles.
   */
  get signal(): AbortSignal {
    if (!this.timeoutSignal) {
      this.timeoutSignal = AbortSignal.timeout(Math.max(1, this.remainingMs()));
      // Each call in flight listens on it (undici, the bulkhead) and stops listening when done; a request
      // with more than 10 parallel lookups is normal, not the leak Node's warning is about.
      setMaxListeners(0, this.timeoutSignal);
    }
    return this.timeoutSignal;
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - this.now());
  }

  expired(): boolean {
    return this.remainingMs() === 0;
  }
}
