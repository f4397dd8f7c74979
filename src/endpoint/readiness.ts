import type { Handler } from './respond.js';
import { sendJson } from './respond.js';

export type Readiness = () => { ready: boolean; body: unknown };

/**
 * `GET /readyz`: whether to send traffic here (503 while draining), with each upstream's breaker and
 * load. No platform is called for it: a probe must not add to an outage.
 */
export function readinessCheck(readiness: Readiness): Handler {
  return ({ res, url }) => {
    if (url.pathname !== '/readyz') return false;
    const { ready, body } = readiness();
    sendJson(res, ready ? 200 : 503, body);
    return true;
  };
}
