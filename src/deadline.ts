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

  remainingMs(): number {
    return Math.max(0, this.expiresAt - this.now());
  }

  expired(): boolean {
    return this.remainingMs() === 0;
  }
}
