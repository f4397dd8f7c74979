/**
 * Keeps a Redis URL's password out of what the gateway logs or throws: the cache (src/cache) and the
 * event bus (src/events) both connect by URL and say why Redis failed. Imports nothing of the gateway.
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
