import type { IncomingHttpHeaders } from 'node:http';

/** First value of a header that may repeat. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Milliseconds to wait according to a standard `Retry-After` header (delay in seconds, or an HTTP
 * date); undefined when absent or unreadable.
 */
export function retryAfterMsFromHeader(headers: IncomingHttpHeaders, now: number): number | undefined {
  const value = headerValue(headers, 'retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
