import type { Handler } from './respond.js';
import { sendJson } from './respond.js';

export interface ReadinessReport {
  ready: boolean;
  body: unknown;
}

/** What `/readyz` answers; may wait for a bounded round trip (the store's ping). */
export type Readiness = () => ReadinessReport | Promise<ReadinessReport>;

/**
 * `GET /readyz`: whether to send traffic here (503 while draining), with each upstream's breaker and
 * load and the store's ping. No platform is called for it: a probe must not add to an outage.
 */
export function readinessCheck(readiness: Readiness): Handler {
  return async ({ res, url }) => {
    if (url.pathname !== '/readyz') return false;
    const { ready, body } = await readiness();
    sendJson(res, ready ? 200 : 503, body);
    return true;
  };
}
