import type { Logger } from '../logger.js';

export interface ConnectionMessages {
  connected: string;
  /** Why it matters, for whoever reads the warning. */
  unavailable: string;
  restored: string;
}

export interface ConnectionLog {
  /** The connection is ready (first time or again). */
  ready(): void;
  /** A connection attempt or a command failed. */
  failed(error: unknown): void;
  /** A command succeeded. */
  answered(): void;
  down(): boolean;
}

/**
 * Logs one Redis connection's outage once when it starts (warn) and once when it ends (info), however
 * many reconnection attempts or publishes fail in between. `fields` names where Redis is: its host only,
 * since the URL may carry a password.
 */
export function connectionLog(logger: Logger, fields: Record<string, string>, url: URL, messages: ConnectionMessages): ConnectionLog {
  const secrets = credentialsOf(url);
  let everReady = false;
  let down = false;
  const restored = () => {
    if (!down) return;
    down = false;
    logger.info(fields, messages.restored);
  };
  return {
    down: () => down,
    ready() {
      if (!everReady) logger.info(fields, messages.connected);
      everReady = true;
      restored();
    },
    failed(error) {
      if (down) return;
      down = true;
      logger.warn({ ...fields, reason: redactedReason(error, secrets) }, messages.unavailable);
    },
    answered: restored,
  };
}

/** An error's name and message, without the URL's password should a Redis error ever quote it. */
export function redactedReason(error: unknown, secrets: string[]): string {
  let reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  for (const secret of secrets) reason = reason.split(secret).join('[redacted]');
  return reason;
}

/** The URL's password as written and decoded (the client sends it decoded). */
export function credentialsOf(url: URL): string[] {
  return [url.password, safeDecode(url.password)].filter((value) => value !== '');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
