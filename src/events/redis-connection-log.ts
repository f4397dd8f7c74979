import type { Logger } from '../logger.js';
import { credentialsOf, redactedReason } from '../redis-kit.js';

// Still offered here for the transport, which imports them with the connection log.
export { credentialsOf, redactedReason };

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
