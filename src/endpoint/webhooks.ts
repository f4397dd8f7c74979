import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayEvent, PlatformEvent } from '../events/model.js';
import type { Logger } from '../logger.js';
import { requestBodyProblem } from './graphql-over-http.js';
import { BodyAbortedError, BodyTooLargeError, decodeUtf8, InvalidUtf8Error, readRawBody } from './read-body.js';
import { sendJson, type Handler } from './respond.js';

/** How one delivery ended: a metric label, and the `outcome` of its log line. */
export type WebhookOutcome =
  | 'accepted'
  | 'duplicate'
  | 'unauthorized'
  | 'bad_request'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unknown_event_type'
  | 'invalid_payload'
  | 'unavailable'
  | 'method_not_allowed';

/**
 * A platform as the receiver sees it: `PlatformDefinition`'s `name` and `webhook` (src/platforms/platform.ts),
 * restated here because the inbound endpoint does not import the platforms' layer. ALL_PLATFORMS fits it,
 * and the compiler checks that wherever the two meet.
 */
export interface WebhookPlatform<Id extends string> {
  readonly name: { readonly id: Id };
  readonly webhook?: PlatformWebhookShape | undefined;
}

/** `PlatformWebhook<Settings>` with the settings left opaque: the receiver only hands them back. */
export interface PlatformWebhookShape {
  readonly pathSecretSegments: number;
  configured(settings: unknown): boolean;
  authenticate(delivery: { readonly pathSecrets: readonly string[]; readonly headers: IncomingHttpHeaders; readonly rawBody: Buffer }, settings: unknown): boolean;
  read(body: unknown, receivedAt: Date): { ok: true; events: PlatformEvent[] } | { ok: false; code: 'UNKNOWN_EVENT_TYPE' | 'INVALID_PAYLOAD'; problem: string };
}

export interface WebhookReceiverOptions<Id extends string> {
  /** Every platform (ALL_PLATFORMS); those without a `webhook` have no receiver. */
  platforms: readonly WebhookPlatform<Id>[];
  /** The tenant's settings for the platform; undefined for an unknown tenant or a platform it lacks. */
  settingsOf(tenant: string, platformId: Id): unknown;
  /** Hands one event to the bus; 'duplicate' when its dedupeKey was seen already. Quick: it is awaited. */
  publish(event: GatewayEvent): Promise<'published' | 'duplicate'>;
  logger: Logger;
  maxBodyBytes: number;
  /** Told how every delivery to a receiver ended (metrics). */
  observe?: ((platform: Id, outcome: WebhookOutcome) => void) | undefined;
  /** Stands in for the payload's time when it has none (tests fix it). */
  now?: (() => Date) | undefined;
}

/** Tenant names in log lines are cut to this length: an unknown one is whatever a prober sent. */
const MAX_LOGGED_TENANT = 64;
/** Rocket.Chat retries a 503 by itself (every 20 s); the header tells any other sender when to. */
const RETRY_AFTER_SECONDS = '10';
/** The same answer for an unknown tenant, an unconfigured platform and a wrong secret: a prober learns nothing. */
const UNAUTHORIZED_MESSAGE = 'The delivery is not authorised.';

interface Route<Id extends string> {
  platformId: Id;
  webhook: PlatformWebhookShape;
  tenant: string;
  pathSecrets: string[];
}

/** How a delivery ended, for the log line and the metric; the answer is already written. */
interface Verdict {
  outcome: WebhookOutcome;
  problem?: string;
  events?: number;
  error?: unknown;
}

/** Thrown by a delivery's `rawBody` before the body is read: the check needs it, so it is read and the check asked again. */
class BodyNotReadYet extends Error {}

/**
 * `POST /webhooks/<platform>/<tenant>[/<secret>…]`: platforms push events here (Rocket.Chat's Omnichannel
 * webhook, Jelou's widget webhooks), and each becomes an event on the bus for the tenant's subscribers.
 * Checks in this order, each before the next: route (404), method (405), tenant, platform and secrets
 * (401, before the body, except a signature over it), media type (415), size (413), JSON (400), the
 * payload (400 unknown event type, 422 invalid); then every event is published and the answer is
 * `200 {}` (Rocket.Chat stores the answer's body on the room), or 503 when publishing failed (Rocket.Chat
 * retries, and the events published already come back as duplicates). Each refusal is logged once,
 * never with the path (it holds Jelou's secret), a header or the body.
 */
export function webhookReceivers<Id extends string>(options: WebhookReceiverOptions<Id>): Handler {
  const receivers = new Map<string, { platformId: Id; webhook: PlatformWebhookShape }>();
  for (const platform of options.platforms) {
    if (platform.webhook) receivers.set(platform.name.id, { platformId: platform.name.id, webhook: platform.webhook });
  }
  const now = options.now ?? (() => new Date());
  return async ({ req, res, url }) => {
    const segments = url.pathname.split('/').slice(1);
    if (segments[0] !== 'webhooks') return false;
    const route = matchRoute(receivers, segments.slice(1));
    if (route === undefined) {
      sendWebhookError(res, 404, 'NOT_FOUND', 'No webhook receiver here: POST /webhooks/<platform>/<tenant>[/<secret>].');
      return true;
    }
    const verdict = await receive(options, route, req, res, now());
    report(options, route, verdict);
    return true;
  };
}

/** The receiver and its tenant and secrets (percent-decoded), or undefined when the path names none. */
function matchRoute<Id extends string>(receivers: ReadonlyMap<string, { platformId: Id; webhook: PlatformWebhookShape }>, segments: string[]): Route<Id> | undefined {
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined; // a malformed escape names nothing
  }
  const [platform, tenant, ...pathSecrets] = decoded;
  const receiver = platform === undefined ? undefined : receivers.get(platform);
  if (receiver === undefined || tenant === undefined || decoded.some((segment) => segment === '')) return undefined;
  if (pathSecrets.length !== receiver.webhook.pathSecretSegments) return undefined;
  return { ...receiver, tenant, pathSecrets };
}

async function receive<Id extends string>(
  options: WebhookReceiverOptions<Id>,
  route: Route<Id>,
  req: IncomingMessage,
  res: ServerResponse,
  receivedAt: Date,
): Promise<Verdict> {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return refuse(res, 405, 'method_not_allowed', 'METHOD_NOT_ALLOWED', 'Webhook deliveries are POST requests.');
  }
  const { webhook, pathSecrets } = route;
  const settings = options.settingsOf(route.tenant, route.platformId);
  if (settings === undefined || !webhook.configured(settings)) {
    const problem = settings === undefined ? 'no such tenant, or the tenant lacks the platform' : 'the tenant takes no deliveries (no webhook secret set)';
    return unauthorized(res, problem);
  }
  const beforeBody = authenticateBeforeBody(webhook, pathSecrets, req.headers, settings);
  if (beforeBody === 'refused') return unauthorized(res, 'wrong or missing secret');

  const mediaProblem = requestBodyProblem(req.headers['content-type']);
  if (mediaProblem !== undefined) {
    return refuse(res, 415, 'unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', 'A delivery must be "Content-Type: application/json" in UTF-8.');
  }
  const rawBody = await readDelivery(req, res, options.maxBodyBytes);
  if (!Buffer.isBuffer(rawBody)) return rawBody;
  if (beforeBody === 'needs-body' && !webhook.authenticate({ pathSecrets, headers: req.headers, rawBody }, settings)) {
    return unauthorized(res, 'wrong or missing signature');
  }

  const body = parseJson(rawBody);
  if (!body.ok) return refuse(res, 400, 'bad_request', 'BAD_REQUEST', body.problem);
  const read = webhook.read(body.value, receivedAt);
  if (!read.ok) {
    return read.code === 'UNKNOWN_EVENT_TYPE'
      ? refuse(res, 400, 'unknown_event_type', read.code, read.problem)
      : refuse(res, 422, 'invalid_payload', read.code, read.problem);
  }
  let published = 0;
  try {
    // In order, one at a time: subscribers see a delivery's events as the platform sent them.
    for (const event of read.events) {
      if ((await options.publish({ ...event, tenant: route.tenant })) === 'published') published += 1;
    }
  } catch (error) {
    res.setHeader('retry-after', RETRY_AFTER_SECONDS);
    sendWebhookError(res, 503, 'UNAVAILABLE', 'The events could not be published: retry later.');
    return { outcome: 'unavailable', problem: 'publishing failed', error };
  }
  sendJson(res, 200, {});
  const allDuplicates = read.events.length > 0 && published === 0;
  return { outcome: allDuplicates ? 'duplicate' : 'accepted', events: read.events.length };
}

/**
 * Asks the platform before the body is read, with a `rawBody` that throws when touched: a check that
 * needs the body (a signature) says so by touching it, and is asked again once the body is in. The
 * platforms check their path secret or token first, so a wrong one is refused without reading anything.
 */
function authenticateBeforeBody(
  webhook: PlatformWebhookShape,
  pathSecrets: readonly string[],
  headers: IncomingHttpHeaders,
  settings: unknown,
): 'accepted' | 'refused' | 'needs-body' {
  const delivery = {
    pathSecrets,
    headers,
    get rawBody(): Buffer {
      throw new BodyNotReadYet();
    },
  };
  try {
    return webhook.authenticate(delivery, settings) ? 'accepted' : 'refused';
  } catch (error) {
    if (error instanceof BodyNotReadYet) return 'needs-body';
    throw error;
  }
}

/** The body's bytes, or the verdict of a refused or abandoned one (413 answered; nobody to answer). */
async function readDelivery(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<Buffer | Verdict> {
  try {
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) throw new BodyTooLargeError(maxBodyBytes);
    return await readRawBody(req, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return refuse(res, 413, 'too_large', 'PAYLOAD_TOO_LARGE', error.message);
    if (!(error instanceof BodyAbortedError)) throw error;
    res.destroy();
    return { outcome: 'bad_request', problem: error.message };
  }
}

function parseJson(rawBody: Buffer): { ok: true; value: unknown } | { ok: false; problem: string } {
  let text: string;
  try {
    text = decodeUtf8(rawBody);
  } catch (error) {
    if (error instanceof InvalidUtf8Error) return { ok: false, problem: error.message };
    throw error;
  }
  if (text.trim() === '') return { ok: false, problem: 'Request body is empty: a delivery is one JSON object.' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'Request body is not valid JSON.' };
  }
}

function unauthorized(res: ServerResponse, problem: string): Verdict {
  // The answer is the same whatever the reason; only the log line says which it was.
  sendWebhookError(res, 401, 'UNAUTHORIZED', UNAUTHORIZED_MESSAGE);
  return { outcome: 'unauthorized', problem };
}

function refuse(res: ServerResponse, status: number, outcome: WebhookOutcome, code: string, message: string): Verdict {
  sendWebhookError(res, status, code, message);
  return { outcome, problem: message };
}

function sendWebhookError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

/** One line per delivery (warn for a refusal, error when publishing failed) and its metric. */
function report<Id extends string>(options: WebhookReceiverOptions<Id>, route: Route<Id>, verdict: Verdict): void {
  const { outcome, problem, events, error } = verdict;
  const fields = { platform: route.platformId, tenant: route.tenant.slice(0, MAX_LOGGED_TENANT), outcome };
  if (outcome === 'accepted' || outcome === 'duplicate') options.logger.debug({ ...fields, events }, 'Webhook delivery received');
  else if (outcome === 'unavailable') options.logger.error({ ...fields, problem, err: error }, 'Webhook delivery could not be published');
  else options.logger.warn({ ...fields, problem }, 'Webhook delivery refused');
  options.observe?.(route.platformId, outcome);
}
