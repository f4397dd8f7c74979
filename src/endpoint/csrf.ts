import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { MIMEType } from 'node:util';
import type { Logger } from '../logger.js';
import type { RefusalReason } from '../metrics.js';
import type { CorsOrigins } from './cors.js';
import { clientAddress, type TrustedProxies } from '../access/client-address.js';

/**
 * Cross-site request forgery on `/graphql`. A browser sends some requests to another origin without
 * asking it first ("simple" requests: no header a script set beyond a few safelisted ones); CORS then
 * only hides the answer, after the operation ran. Of the requests that can run an operation here, only
 * a GET can be simple: a POST must be `application/json` (415 otherwise), which a browser sends
 * cross-origin only after a preflight, and a GET runs queries only (a mutation is a 405 first). What a
 * forged GET query could still do is ride on an authority the browser brings along by itself: the
 * gateway takes no cookies, so that authority is the network position alone (a gateway without
 * authentication on an internal network, reached through an employee's browser), and the victim's
 * browser can also be made to run costly queries or time them.
 *
 * So an admitted GET runs only if a browser could have sent it cross-origin solely after a preflight
 * the CORS policy approved, i.e. it carries one of:
 * - `Authorization: Bearer …`: not safelisted, and never attached by a browser on its own (the HTTP
 *   authentication cache holds Basic, Digest, NTLM or Negotiate credentials, never Bearer ones). With
 *   authentication on, every admitted request has one: the check never refuses a caller with a key.
 * - a non-empty `apollo-require-preflight` or `x-apollo-operation-name` (Apollo Server's own rule: what
 *   Apollo iOS/Kotlin and Sandbox send);
 * - a `Content-Type` other than the three a form can send (Apollo Client sends one even on a GET);
 * or when the CORS policy lets any origin in (`*`, the development default): every preflight is then
 * approved, any page can already send the same query and read its answer, and the refusal would
 * protect nothing while breaking clients that query with a plain GET (urql by default).
 *
 * This is Apollo Server's CSRF prevention, decided here instead (Apollo's own is off, app.ts) so that the
 * credential counts, the CORS policy is taken into account, and each refusal is logged and counted.
 */

/** Headers only a script sets: Apollo Server's `recommendedCsrfPreventionRequestHeaders`. */
export const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'] as const;

/** The content types a form sends, which browsers do not preflight (the Fetch spec's safelist). */
const SIMPLE_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** A Bearer credential: the scheme, then something. */
const BEARER = /^\s*bearer +\S/i;

export const CSRF_MESSAGE =
  'This GET was refused as a possible cross-site request forgery (CSRF): send it with "Authorization: Bearer <key>", ' +
  'or with a non-empty "apollo-require-preflight" or "x-apollo-operation-name" header, or as a POST with "Content-Type: application/json".';

/** Whether a browser would have sent this request cross-origin only after a CORS preflight. */
export function wasPreflighted(headers: IncomingHttpHeaders): boolean {
  const authorization = headers.authorization;
  if (authorization !== undefined && BEARER.test(authorization)) return true;
  if (PREFLIGHT_HEADERS.some((name) => nonEmpty(headers[name]))) return true;
  const contentType = headers['content-type'];
  if (contentType === undefined) return false;
  try {
    return !SIMPLE_CONTENT_TYPES.has(new MIMEType(contentType).essence);
  } catch {
    // A value a browser cannot parse is not safelisted either: it forces a preflight.
    return true;
  }
}

export interface CsrfOptions {
  /** The CORS policy of `/graphql`; without one no origin is let in. */
  corsOrigins: CorsOrigins | undefined;
  logger: Logger;
  /** Counts a refusal (the `chat_gateway_requests_refused_total` metric). */
  observeRefusal?: ((reason: RefusalReason) => void) | undefined;
  /** Proxies whose forwarding headers name the client (access/client-address.ts), for the log line. */
  trustedProxies?: TrustedProxies | undefined;
}

/**
 * The check for one admitted GET: undefined when it may run, else the message to refuse it with (400
 * BAD_REQUEST). Each refusal is logged once (info, with where the request came from, never its
 * credentials or its query) and counted.
 */
export type CsrfCheck = (req: IncomingMessage) => string | undefined;

export function createCsrfCheck(options: CsrfOptions): CsrfCheck {
  if (options.corsOrigins === '*') return () => undefined;
  return (req) => {
    if (wasPreflighted(req.headers)) return undefined;
    options.logger.info(
      {
        reason: 'csrf',
        method: req.method,
        // Where the browser says the request came from (absent on a navigation or an <img>), and how.
        origin: shortHeader(req.headers.origin),
        secFetchSite: shortHeader(req.headers['sec-fetch-site']),
        secFetchMode: shortHeader(req.headers['sec-fetch-mode']),
        clientAddress: clientAddress(req, options.trustedProxies),
      },
      'request refused: possible cross-site request forgery',
    );
    options.observeRefusal?.('csrf');
    return CSRF_MESSAGE;
  };
}

function nonEmpty(value: string | string[] | undefined): boolean {
  return Array.isArray(value) ? value.some((part) => part !== '') : value !== undefined && value !== '';
}

function shortHeader(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(', ') : value;
  return text === undefined ? undefined : text.slice(0, 200);
}
