import type { Handler } from './respond.js';
import { sendJson } from './respond.js';

/** `GET /healthz`: the process is alive and serving HTTP (liveness probes). Checks nothing else. */
export const healthCheck: Handler = ({ res, url }) => {
  if (url.pathname !== '/healthz') return false;
  sendJson(res, 200, { status: 'ok' });
  return true;
};
