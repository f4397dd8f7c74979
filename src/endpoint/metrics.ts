import { createHash, timingSafeEqual } from 'node:crypto';
import { RESPONSE_MEDIA_TYPES } from './graphql-over-http.js';
import { sendError, type Handler } from './respond.js';

export interface MetricsEndpoint {
  contentType: string;
  body(): Promise<string>;
  /** When set, scrapes must send `Authorization: Bearer <token>` (else 401). */
  token?: string | undefined;
}

/** `GET /metrics`: Prometheus scrapes, with the configured Bearer token when there is one. */
export function metricsScrape(metrics: MetricsEndpoint): Handler {
  return async ({ req, res, url }) => {
    if (url.pathname !== '/metrics') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendError(res, 405, RESPONSE_MEDIA_TYPES.json, 'BAD_REQUEST', 'Method not allowed: /metrics answers GET.');
      return true;
    }
    if (metrics.token !== undefined && !bearerMatches(req.headers.authorization, metrics.token)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      sendError(res, 401, RESPONSE_MEDIA_TYPES.json, 'UNAUTHENTICATED', 'The metrics endpoint needs its Bearer token.');
      return true;
    }
    const body = await metrics.body();
    res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

/** Compares digests in constant time, so the answer's timing says nothing about the token. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
