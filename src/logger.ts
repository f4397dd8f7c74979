import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/**
 * Paths that may hold secrets. pino removes them from every log line, so a credential reaches a log
 * only if someone logs it under a new name — which the no-secrets tests look for.
 */
export const REDACTED_PATHS = [
  'authorization',
  'password',
  'token',
  'authToken',
  'headers.authorization',
  'headers["x-auth-token"]',
  '*.authorization',
  '*.password',
  '*.token',
  '*.authToken',
  '*.headers.authorization',
  '*.headers["x-auth-token"]',
];

/** JSON lines on stdout (or the given stream, e.g. a test's capture). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'chat-gateway' } };
  return destination ? pino(options, destination) : pino(options);
}
