import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { Logger } from 'pino';
import type { Deadline } from '../deadline.js';
import { ErrorCode, GatewayError, type PlatformName } from '../errors.js';
import { Slots, SlotsFullError, SlotWaitAbortedError } from './slots.js';
import { UpstreamError } from './upstream-error.js';

/**
 * What keeps one upstream's failures from becoming the gateway's: a bulkhead (a cap on calls in
 * flight), a circuit breaker (stop calling a platform that keeps failing, probe it now and then) and
 * retries of calls that are safe to repeat. Retries and the breaker are cockatiel's (3.x: the 4.x line
 * is ESM-only and needs Node 22); the bulkhead's queue is ours (slots.ts says why). One
 * `UpstreamGuard` per upstream, created at start-up and shared by every request.
 */
export interface ResilienceOptions {
  retry: {
    /** Calls in all, the first included; 1 turns retries off. */
    maxAttempts: number;
    /** First backoff delay; later ones grow exponentially with jitter. */
    baseDelayMs: number;
    maxDelayMs: number;
  };
  breaker: {
    /** Consecutive failed calls that open the circuit. */
    consecutiveFailures: number;
    /** How long an open circuit refuses calls before letting one probe through. */
    halfOpenAfterMs: number;
  };
  bulkhead: {
    /** Calls in flight at once to this upstream. */
    maxConcurrent: number;
    /** Calls waiting for a slot; more are refused at once with UPSTREAM_OVERLOADED. */
    maxQueued: number;
  };
}

/** One attempt's outcome as the policies see it: an HTTP status, or a coded error. */
export interface AttemptResult {
  status: number;
  /** For 429/503: how long the platform asked us to wait, when it said. */
  retryAfterMs?: number | undefined;
}

/** Statuses worth another try for a call that is safe to repeat. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** An attempt needs some time to be worth making; less than this left, the last answer stands. */
const MIN_ATTEMPT_MS = 50;

/** A call with less time than this that times out says nothing about the platform's health. */
export const STARVED_BUDGET_MS = 250;

/** Failures that count against the platform: outages, timeouts, calls whose answer was lost. */
const PLATFORM_FAILURES = new Set([ErrorCode.UPSTREAM_UNAVAILABLE, ErrorCode.UPSTREAM_TIMEOUT, ErrorCode.UPSTREAM_OUTCOME_UNKNOWN]);

export class UpstreamGuard {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly slots: Slots;
  private readonly provider: string;
  private readonly name: string;

  constructor(
    platform: PlatformName,
    private readonly options: ResilienceOptions,
    private readonly logger: Logger,
  ) {
    this.provider = platform.id;
    this.name = platform.displayName;
    const provider = this.provider;
    // Server errors and transport failures count against the platform; 4xx answers are its verdicts.
    const failures = handleWhen(
      (error) => error instanceof GatewayError && PLATFORM_FAILURES.has(error.code) && !(error instanceof UpstreamError && error.starved),
    ).orWhenResult((result) => (result as AttemptResult).status >= 500);
    this.breaker = circuitBreaker(failures, {
      halfOpenAfter: options.breaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.breaker.consecutiveFailures),
    });
    this.slots = new Slots(options.bulkhead.maxConcurrent, options.bulkhead.maxQueued);
    this.breaker.onBreak(() => logger.warn({ provider, breaker: 'open' }, `${this.name} keeps failing: calls to it are suspended`));
    this.breaker.onHalfOpen(() => logger.info({ provider, breaker: 'half-open' }, `probing ${this.name} again`));
    this.breaker.onReset(() => logger.info({ provider, breaker: 'closed' }, `${this.name} answers again: calls resumed`));
  }

  /** Calls in flight and waiting for a slot, for readiness and metrics. */
  get usage(): { inFlight: number; queued: number } {
    return this.slots.usage;
  }

  /** `closed`, `open` or `half-open`, for logs and readiness. */
  get breakerState(): 'closed' | 'open' | 'half-open' {
    switch (this.breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      case CircuitState.Open:
      case CircuitState.Isolated:
        return 'open';
    }
  }

  /**
   * Runs `attempt` under the bulkhead and the breaker; when `idempotent`, repeats it on transient
   * failures and retryable statuses with jittered exponential backoff (at least the platform's
   * `Retry-After`), as long as the deadline leaves time for another try.
   */
  async run<T extends AttemptResult>(
    attempt: (number: number) => Promise<T>,
    options: { idempotent: boolean; deadline: Deadline; route: string },
  ): Promise<T> {
    const guarded = (number: number) => this.guarded(() => attempt(number), options);
    if (!options.idempotent || this.options.retry.maxAttempts <= 1) return guarded(1);
    const { deadline, route } = options;
    const retryable = handleWhen((error) => error instanceof UpstreamError && error.transient && hasTimeFor(deadline, 0)).orWhenResult(
      (result) => {
        const { status, retryAfterMs } = result as AttemptResult;
        return RETRYABLE_STATUSES.has(status) && hasTimeFor(deadline, retryAfterMs ?? 0);
      },
    );
    const policy = retry(retryable, {
      maxAttempts: this.options.retry.maxAttempts - 1,
      backoff: new DeadlineBackoff(this.options.retry, deadline),
    });
    policy.onRetry((reason) => {
      const why = 'error' in reason ? (reason.error as GatewayError).code : `HTTP ${(reason.value as AttemptResult).status}`;
      this.logger.info({ provider: this.provider, route, attempt: reason.attempt + 1, delayMs: reason.delay, why }, 'retrying upstream call');
    });
    return policy.execute(({ attempt: retries }) => guarded(retries + 1));
  }

  private async guarded<T extends AttemptResult>(attempt: () => Promise<T>, options: { deadline: Deadline; route: string }): Promise<T> {
    const { deadline, route } = options;
    // A call that cannot be made is not the platform's failure: it must not reach the breaker.
    if (deadline.expired()) throw new GatewayError(ErrorCode.UPSTREAM_TIMEOUT, `No time was left to call ${this.name}.`, this.details(route));
    try {
      // The bulkhead outside the breaker: a call refused for want of a slot says nothing about the platform.
      return await this.slots.run(() => {
        // While one probe tests a half-open circuit, the others fail fast instead of waiting on it.
        if (this.breaker.state === CircuitState.HalfOpen) throw new BrokenCircuitError();
        return this.breaker.execute(attempt);
      }, deadline.signal);
    } catch (error) {
      throw this.policyError(error, route);
    }
  }

  private details(route: string) {
    return { provider: this.provider, logFields: { route } };
  }

  private policyError(error: unknown, route: string): unknown {
    const details = this.details(route);
    if (error instanceof BrokenCircuitError) {
      return new GatewayError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `${this.name} keeps failing; the gateway is not calling it for a moment.`,
        { ...details, retryAfterMs: this.options.breaker.halfOpenAfterMs },
      );
    }
    if (error instanceof SlotsFullError) {
      return new GatewayError(ErrorCode.UPSTREAM_OVERLOADED, `Too many calls to ${this.name} are waiting; try again shortly.`, details);
    }
    if (error instanceof SlotWaitAbortedError) {
      return new GatewayError(ErrorCode.UPSTREAM_TIMEOUT, `No call to ${this.name} could start within the request deadline.`, details);
    }
    return error;
  }
}

function hasTimeFor(deadline: Deadline, waitMs: number): boolean {
  return deadline.remainingMs() - waitMs >= MIN_ATTEMPT_MS;
}

/**
 * Jittered exponential backoff (cockatiel's decorrelated jitter) that waits at least as long as the
 * platform asked and never past the point where no attempt fits in the deadline.
 */
class DeadlineBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  private readonly jitter: IBackoff<unknown> | undefined;

  constructor(
    private readonly options: ResilienceOptions['retry'],
    private readonly deadline: Deadline,
    jitter?: IBackoff<unknown>,
  ) {
    this.jitter = jitter;
  }

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const jitter = this.jitter
      ? this.jitter.next(undefined)
      : new ExponentialBackoff({ initialDelay: this.options.baseDelayMs, maxDelay: this.options.maxDelayMs }).next();
    const asked = 'value' in context.result ? ((context.result.value as AttemptResult).retryAfterMs ?? 0) : 0;
    // Callers told to wait the same Retry-After would all come back at once: spread them a little.
    const spread = asked > 0 ? Math.random() * Math.min(asked * 0.1, 1_000) : 0;
    const latest = Math.max(0, this.deadline.remainingMs() - MIN_ATTEMPT_MS);
    const duration = Math.min(Math.max(jitter.duration, asked + spread), latest);
    const following = new DeadlineBackoff(this.options, this.deadline, jitter);
    return { duration, next: (next) => following.next(next) };
  }
}
