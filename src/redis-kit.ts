/**
 * What every Redis connection of the gateway shares (the cache in src/cache, the event bus in
 * src/events, the shared rate limits in src/access): keeping a URL's password out of what is logged or
 * thrown, the reconnection backoff, and a bound on each call. Imports nothing of the gateway.
 */

/** The URL's password as written and decoded (the client sends it decoded). */
export function credentialsOf(url: URL): string[] {
  return [url.password, safeDecode(url.password)].filter((value) => value !== '');
}

/** An error's name and message, without the URL's password should a Redis error ever quote it. */
export function redactedReason(error: unknown, secrets: string[]): string {
  let reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // Redis errors do not quote credentials today; this keeps it so if one ever does.
  for (const secret of secrets) reason = reason.split(secret).join('[redacted]');
  return reason;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** @keyv/redis's backoff, which every connection uses: 100 ms doubling up to 2 s, with jitter. */
export function reconnectDelay(attempts: number): number {
  return Math.min(2 ** attempts * 100, 2_000) + (Math.random() - 0.5) * 100;
}

/** The promise's outcome, or a rejection once `timeoutMs` passed (the call may still complete later). */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
