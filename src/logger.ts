import pino, { type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

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

/**
 * JSON lines on stdout (or the given stream, e.g. a test's capture); `pretty` writes colourised lines
 * for a person at a terminal instead (development's default), with the same redaction.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** JSON lines for log shippers, or colourised lines for people. */
export type LogFormat = 'json' | 'pretty';

export function createLogger(level: LogLevel, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'chat-gateway' } };
  if (format === 'pretty') {
    // Synchronous and in-process: dev volumes are small, and nothing is lost when the process exits.
    // Loaded only for pretty output (development): production processes do not carry it (about 10 MB).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; this is a CommonJS build
    const pretty = require('pino-pretty') as typeof PinoPretty;
    const stream = pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', destination: destination ?? 1 });
    return pino(options, stream);
  }
  return destination ? pino(options, destination) : pino(options);
}
