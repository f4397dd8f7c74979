import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/**
 * Paths that may hold secrets. pino removes them from every log line, so a credential reaches a log
 * only if someone logs it under a new name — which the no-secrets tests look for.
 */
const SECRET_KEYS = [
  'authorization',
  'password',
  'token',
  'authToken',
  'accessToken',
  'access_token',
  'apiKey',
  'clientSecret',
  'secret',
];

export const REDACTED_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  'headers["x-auth-token"]',
  '*.headers.authorization',
  '*.headers["x-auth-token"]',
];

/** JSON lines on stdout (or the given stream, e.g. a test's capture). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'chat-gateway' } };
  return destination ? pino(options, destination) : pino(options);
}
