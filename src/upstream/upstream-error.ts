import { GatewayError, type ErrorCode, type GatewayErrorDetails } from '../errors.js';

export interface UpstreamErrorFacts {
  /**
   * The same call may well succeed if made again (a reset connection, an answer cut off mid-body):
   * calls safe to repeat are retried on it.
   */
  transient?: boolean;
  /**
   * A timeout of a call that had too little time to begin with: the caller's budget ran out, so it says
   * nothing about the platform's health and does not count against its circuit breaker.
   */
  starved?: boolean;
}

/**
 * A failed call to a platform, as the outbound layer reports it. What the resilience policies need to
 * decide travels on the error itself (as undici's errors carry theirs), not in a side table.
 */
export class UpstreamError extends GatewayError {
  readonly transient: boolean;
  readonly starved: boolean;

  constructor(code: ErrorCode, message: string, details: GatewayErrorDetails & UpstreamErrorFacts = {}) {
    super(code, message, details);
    this.name = 'UpstreamError';
    this.transient = details.transient ?? false;
    this.starved = details.starved ?? false;
  }
}
