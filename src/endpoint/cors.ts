import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

/**
 * CORS for `/graphql`, with the `cors` package (expressjs; what Apollo Server's standalone server uses):
 * it answers preflights (204, `Content-Length: 0` for Safari), reflects only allowed origins and merges
 * `Vary` headers. Only the choice of origins is ours.
 */

/** `*` (any origin) or exact origins such as `https://app.example.com`; an empty list lets no origin in. */
export type CorsOrigins = '*' | readonly string[];

export interface CorsOptions {
  origins: CorsOrigins;
  /** How long browsers may cache a preflight answer. Default 600 s (Chromium caps it at 7200). */
  maxAgeSeconds?: number | undefined;
}

/** Request headers browsers may send cross-origin (beyond the CORS-safelisted ones). */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
  'traceparent',
  'tracestate',
] as const;

/** Response headers scripts may read: when to retry after a 429, why a 401, and the request id support asks for. */
export const CORS_EXPOSED_HEADERS = ['retry-after', 'www-authenticate', 'x-request-id'] as const;

export const GRAPHQL_METHODS = ['GET', 'POST', 'OPTIONS'] as const;

/** Applies CORS to one request; true when it was a preflight and has been answered. */
export type CorsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function createCorsHandler(options: CorsOptions): CorsHandler {
  const anyOrigin = options.origins === '*';
  const middleware = cors({
    // An empty list still runs the middleware (preflights answered, no Access-Control-Allow-Origin);
    // `false` would skip it and leave preflights unanswered.
    origin: anyOrigin ? '*' : [...options.origins],
    methods: [...GRAPHQL_METHODS],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    // Bearer tokens, not cookies: no Access-Control-Allow-Credentials, so browsers never attach cookies.
    credentials: false,
    maxAge: options.maxAgeSeconds ?? 600,
    preflightContinue: false,
    optionsSuccessStatus: 204,
  });
  return (req, res) => {
    // The package adds `Vary: Origin` only when the answer depends on the origin; with `*` it does not,
    // but one rule for every mode keeps shared caches right if the setting changes between deploys.
    if (anyOrigin) appendVary(res, 'Origin');
    if (req.method !== 'OPTIONS') {
      // Not a preflight: the middleware only sets headers, synchronously (static options), then calls next().
      let failure: unknown;
      middleware(req, res, (error?: unknown) => (failure = error));
      return failure ? Promise.reject(failure instanceof Error ? failure : new Error(String(failure))) : NOT_A_PREFLIGHT;
    }
    return new Promise<boolean>((resolve, reject) => {
      // A preflight is answered by the middleware (synchronously, with static options) without next().
      res.once('finish', () => resolve(true));
      middleware(req, res, (error?: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(false)));
      if (res.writableEnded) resolve(true);
    });
  };
}

const NOT_A_PREFLIGHT = Promise.resolve(false);

function appendVary(res: ServerResponse, field: string): void {
  const current = res.getHeader('vary');
  const fields = current === undefined ? [] : String(current).split(',').map((part) => part.trim()).filter(Boolean);
  if (!fields.some((existing) => existing.toLowerCase() === field.toLowerCase())) res.setHeader('vary', [...fields, field].join(', '));
}
