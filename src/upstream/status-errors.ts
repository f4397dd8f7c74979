import type { z } from 'zod';
import { ErrorCode, GatewayError, type PlatformName } from '../errors.js';

export interface StatusErrorFacts {
  platform: PlatformName;
  status: number;
  route: string;
  /** For 429s: how long the platform asked us to wait, when it said. */
  retryAfterMs?: number | undefined;
  /** The platform's short error identifier, for the log line only. */
  upstreamError?: string | undefined;
}

/**
 * The meaning of an HTTP status that the provider did not handle itself. Providers first pick out the
 * statuses with platform-specific meaning (Rocket.Chat's 400 `error-invalid-user`, …) and hand every
 * other failure here, so all platforms report auth, rate-limit and outage problems the same way.
 */
export function errorForStatus(facts: StatusErrorFacts): GatewayError {
  const name = facts.platform.displayName;
  const details = {
    provider: facts.platform.id,
    logFields: { route: facts.route, status: facts.status, upstreamError: facts.upstreamError },
  };
  if (facts.status === 401) {
    return new GatewayError(ErrorCode.UPSTREAM_UNAUTHORIZED, `${name} rejected the gateway's credentials.`, details);
  }
  if (facts.status === 403) {
    return new GatewayError(
      ErrorCode.UPSTREAM_UNAUTHORIZED,
      `${name} refused the call: the gateway's account lacks a permission it needs.`,
      details,
    );
  }
  if (facts.status === 429) {
    return new GatewayError(ErrorCode.UPSTREAM_RATE_LIMITED, `${name} is rate-limiting the gateway.`, {
      ...details,
      retryAfterMs: facts.retryAfterMs,
    });
  }
  if (facts.status >= 500) {
    return new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, `${name} is failing (HTTP ${facts.status}).`, details);
  }
  if (facts.status === 400 || facts.status === 422) {
    // The platform says our request was wrong: a gateway bug or a platform change, not the caller's fault.
    return new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, `${name} refused the gateway's request.`, details);
  }
  // 404/405 usually mean a wrong base URL or path prefix in the configuration: an operator's matter.
  return new GatewayError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `${name} answered with an unexpected HTTP status ${facts.status}.`,
    details,
  );
}

/** The error for a body that does not have the shape the platform documents. */
export function badResponse(platform: PlatformName, route: string, problem: string): GatewayError {
  return new GatewayError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `${platform.displayName} sent an answer the gateway cannot read.`,
    { provider: platform.id, logFields: { route, problem } },
  );
}

/**
 * A platform's answer read with its schema, or UPSTREAM_BAD_RESPONSE naming what did not fit (paths and
 * rules only, never values: answers can hold personal data).
 */
export function parseAnswer<T>(platform: PlatformName, schema: z.ZodType<T, unknown>, value: unknown, route: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problem = value === undefined ? 'body is not JSON' : parsed.error.issues.map((issue) => issue.path.join('.') || issue.message).join(', ');
  throw badResponse(platform, route, problem);
}
