import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from '../../upstream/retry-after.js';

/**
 * IMI's daily API quota as one answer reported it. IMI sends `Rate-Limit-Limit`, `Rate-Limit-Remaining`
 * and `Rate-Limit-Reset` on every answer (shared/upstreams/imi.md); a caller that spends many calls in
 * a row (the directory refresh) reads it to stop before the tenant's interactive traffic runs dry.
 */
export interface ImiQuota {
  /** Calls left today after this one. */
  remaining: number;
  /** Calls allowed per day, when IMI said. */
  limit: number | undefined;
}

/** The quota the answer's headers report; undefined when `Rate-Limit-Remaining` is absent or not a whole number. */
export function imiQuotaOf(headers: IncomingHttpHeaders): ImiQuota | undefined {
  const remaining = wholeNumber(headerValue(headers, 'rate-limit-remaining'));
  if (remaining === undefined) return undefined;
  return { remaining, limit: wholeNumber(headerValue(headers, 'rate-limit-limit')) };
}

function wholeNumber(value: string | undefined): number | undefined {
  const trimmed = value?.trim();
  return trimmed !== undefined && /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : undefined;
}
