import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { endAfterBody } from '../../src/endpoint/read-body';
import { webhookReceivers, type WebhookOutcome, type WebhookPlatform, type WebhookReceiverOptions } from '../../src/endpoint/webhooks';
import type { GatewayEvent } from '../../src/events/model';
import { ALL_PLATFORMS, type PlatformId } from '../../src/platforms/index';
import type { JelouSettings } from '../../src/platforms/jelou/settings';
import { jelouWebhook } from '../../src/platforms/jelou/webhook';
import type { RocketChatSettings } from '../../src/platforms/rocketchat/settings';
import { rocketChatWebhook } from '../../src/platforms/rocketchat/webhook';
import { capturingLogger } from '../support/logger';

/**
 * The webhook receivers on a real HTTP server: what each delivery is answered, what reaches the bus, and
 * what the log says (one line per refusal, never a secret).
 */

// The receiver's view of a platform is restated in src/endpoint/: the real list must still fit it.
const _platformListFits: readonly WebhookPlatform<PlatformId>[] = ALL_PLATFORMS;

const RC_TOKEN = 'rc-webhook-token-0123456789';
const JELOU_SECRET = 'jelou_path_secret_0123456789abcdef';
const SIGNING_SECRET = 'jelou-signing-secret-0123456789';
const LIMIT = 4096;
const RECEIVED_AT = new Date('2026-03-01T12:00:00.000Z');

const rocketChat = (webhookToken: string | undefined): RocketChatSettings => ({
  mode: 'remote',
  url: new URL('https://chat.example.com'),
  userId: 'svc',
  authToken: 'auth',
  maxConnections: 4,
  webhookToken,
});
const jelou = (webhookSigningSecret?: string): JelouSettings => ({
  mode: 'remote',
  url: new URL('https://api.jelou.ai'),
  clientId: 'client',
  clientSecret: 'client-secret',
  authScheme: 'basic',
  maxConnections: 4,
  webhookSecret: JELOU_SECRET,
  webhookSigningSecret,
});
const TENANTS: Record<string, Partial<Record<PlatformId, unknown>>> = {
  acme: { rocketchat: rocketChat(RC_TOKEN), jelou: jelou() },
  'acme corp': { rocketchat: rocketChat(RC_TOKEN) },
  quiet: { rocketchat: rocketChat(undefined) },
  signed: { jelou: jelou(SIGNING_SECRET) },
};

const platforms: readonly WebhookPlatform<PlatformId>[] = [
  { name: { id: 'rocketchat' }, webhook: rocketChatWebhook },
  { name: { id: 'jelou' }, webhook: jelouWebhook },
  { name: { id: 'imi' } },
];

const messageEvent = (messageId = 'm1') => ({
  type: 'Message',
  _id: 'room-1',
  visitor: { _id: 'v1', name: 'Ana', username: 'guest-1', email: [{ address: 'ana@example.com' }], phone: null },
  messages: [{ _id: messageId, username: 'guest-1', msg: 'Hello', ts: '2026-03-01T11:59:00.000Z', rid: 'room-1' }],
});
const userNew = { event: 'user-new', payload: { id: 'u-1', names: 'María', roomId: 'G:bot-1:ref-1', botId: 'bot-1', createdAt: '2026-03-01T11:00:00.000Z' } };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

interface Harness {
  origin: string;
  published: GatewayEvent[];
  outcomes: Array<[PlatformId, WebhookOutcome]>;
  lines: string[];
  bus: { failing: boolean };
  post(path: string, body: string | Buffer | Readable, headers?: Record<string, string>, method?: string): Promise<Answer>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function start(overrides: Partial<WebhookReceiverOptions<PlatformId>> = {}): Promise<Harness> {
  const { logger, lines } = capturingLogger();
  const published: GatewayEvent[] = [];
  const outcomes: Array<[PlatformId, WebhookOutcome]> = [];
  const bus = { failing: false };
  const seen = new Set<string>();
  const handler = webhookReceivers<PlatformId>({
    platforms,
    settingsOf: (tenant, platformId) => TENANTS[tenant]?.[platformId],
    publish: async (event) => {
      if (bus.failing) throw new Error('bus unavailable');
      const key = `${event.tenant}\n${event.dedupeKey}`;
      if (seen.has(key)) return 'duplicate';
      seen.add(key);
      published.push(event);
      return 'published';
    },
    logger,
    maxBodyBytes: LIMIT,
    observe: (platform, outcome) => outcomes.push([platform, outcome]),
    now: () => RECEIVED_AT,
    ...overrides,
  });
  // What the front door does with a handler: ask it, answer 404 when it passes, end once the body is read.
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    Promise.resolve(handler({ req, res, url }))
      .then((handled) => {
        if (!handled) res.writeHead(418, { 'content-length': '0' });
      })
      .catch(() => res.destroy())
      .finally(() => endAfterBody(req, res, 1_000));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new Agent();
  cleanups.push(async () => {
    await agent.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    published,
    outcomes,
    lines,
    bus,
    async post(path, body, headers = {}, method = 'POST') {
      const answer = await request(`${origin}${path}`, {
        dispatcher: agent,
        method: method as 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
      });
      return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
    },
  };
}

const rc = (harness: Harness, body: unknown, headers: Record<string, string> = { 'x-rocketchat-livechat-token': RC_TOKEN }, tenant = 'acme') =>
  harness.post(`/webhooks/rocketchat/${tenant}`, JSON.stringify(body), headers);

/** The log lines at warn (40) and above, parsed. */
function loggedAtLeastWarn(lines: readonly string[]): Array<Record<string, unknown>> {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => Number(line.level) >= 40);
}

function errorCode(answer: Answer): unknown {
  return (JSON.parse(answer.text) as { error?: { code?: unknown } }).error?.code;
}

describe('webhook receivers: accepted deliveries', () => {
  it('answers 200 {} as JSON and publishes the event for the tenant', async () => {
    const harness = await start();
    const answer = await rc(harness, messageEvent());
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{}');
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(harness.published).toHaveLength(1);
    expect(harness.published[0]).toMatchObject({ tenant: 'acme', kind: 'livechat', event: { type: 'MESSAGE', roomId: 'room-1', messages: [{ text: 'Hello' }] } });
    expect(harness.outcomes).toEqual([['rocketchat', 'accepted']]);
    expect(loggedAtLeastWarn(harness.lines)).toEqual([]);
  });

  it('answers a retried delivery 200 {} too, without publishing it again', async () => {
    const harness = await start();
    expect((await rc(harness, messageEvent())).status).toBe(200);
    const retry = await rc(harness, messageEvent());
    expect([retry.status, retry.text]).toEqual([200, '{}']);
    expect(harness.published).toHaveLength(1);
    expect(harness.outcomes.map(([, outcome]) => outcome)).toEqual(['accepted', 'duplicate']);
  });

  it('decodes the tenant from the path', async () => {
    const harness = await start();
    expect((await harness.post('/webhooks/rocketchat/acme%20corp', JSON.stringify(messageEvent()), { 'x-rocketchat-livechat-token': RC_TOKEN })).status).toBe(200);
    expect(harness.published[0]?.tenant).toBe('acme corp');
  });

  it('takes Jelou deliveries with the path secret, and signed ones with a valid signature', async () => {
    const harness = await start();
    expect((await harness.post(`/webhooks/jelou/acme/${JELOU_SECRET}`, JSON.stringify(userNew))).status).toBe(200);
    const raw = Buffer.from(JSON.stringify(userNew));
    const signature = `sha256=${createHmac('sha256', SIGNING_SECRET).update(raw).digest('hex')}`;
    expect((await harness.post(`/webhooks/jelou/signed/${JELOU_SECRET}`, raw, { 'x-jelou-signature': signature })).status).toBe(200);
    expect(harness.published.map((event) => [event.tenant, event.kind])).toEqual([
      ['acme', 'widget'],
      ['signed', 'widget'],
    ]);
  });

  it('passes other paths on to the next handler', async () => {
    const harness = await start();
    expect((await harness.post('/graphql', '{}')).status).toBe(418);
    expect((await harness.post('/webhooksx/rocketchat/acme', '{}')).status).toBe(418);
  });
});

describe('webhook receivers: refusals', () => {
  it('answers 401 alike to a wrong or missing token, an unknown tenant and an unconfigured one, before reading the body', async () => {
    const harness = await start();
    const answers = [
      await rc(harness, messageEvent(), { 'x-rocketchat-livechat-token': 'wrong-token-wrong-token-0' }),
      await rc(harness, messageEvent(), {}),
      await rc(harness, messageEvent(), { 'x-rocketchat-livechat-token': RC_TOKEN }, 'nobody'),
      await rc(harness, messageEvent(), { 'x-rocketchat-livechat-token': RC_TOKEN }, 'quiet'),
      await harness.post(`/webhooks/jelou/acme/wrong_secret_wrong_secret_0000`, JSON.stringify(userNew)),
      // An oversized body with a wrong token is refused for the token: nothing was read.
      await harness.post('/webhooks/rocketchat/acme', 'x'.repeat(LIMIT * 4), { 'x-rocketchat-livechat-token': 'wrong' }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    for (const answer of answers) {
      for (const secret of [RC_TOKEN, JELOU_SECRET, 'wrong_secret', 'nobody', 'quiet']) expect(answer.text).not.toContain(secret);
    }
    expect(harness.published).toEqual([]);
    expect(harness.outcomes.map(([, outcome]) => outcome)).toEqual(Array(6).fill('unauthorized'));
  });

  it('refuses a Jelou delivery whose signature is wrong or missing when the tenant signs', async () => {
    const harness = await start();
    const raw = JSON.stringify(userNew);
    const forged = `sha256=${createHmac('sha256', 'not-the-signing-secret-0000').update(raw).digest('hex')}`;
    expect((await harness.post(`/webhooks/jelou/signed/${JELOU_SECRET}`, raw, { 'x-jelou-signature': forged })).status).toBe(401);
    expect((await harness.post(`/webhooks/jelou/signed/${JELOU_SECRET}`, raw)).status).toBe(401);
    expect(harness.published).toEqual([]);
  });

  it('answers 413 to a body over the limit, declared or chunked', async () => {
    const harness = await start();
    const headers = { 'x-rocketchat-livechat-token': RC_TOKEN };
    const declared = await harness.post('/webhooks/rocketchat/acme', `{"pad":"${'x'.repeat(LIMIT)}"}`, headers);
    const chunked = await harness.post('/webhooks/rocketchat/acme', Readable.from([Buffer.from('{"pad":"'), Buffer.alloc(LIMIT, 'x'), Buffer.from('"}')]), headers);
    expect([declared.status, chunked.status]).toEqual([413, 413]);
    expect([errorCode(declared), errorCode(chunked)]).toEqual(['PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE']);
    expect(harness.outcomes.map(([, outcome]) => outcome)).toEqual(['too_large', 'too_large']);
  });

  it.each([
    ['malformed JSON', '{"type": "Message", ', 400, 'BAD_REQUEST', 'bad_request'],
    ['an empty body', '', 400, 'BAD_REQUEST', 'bad_request'],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 400, 'BAD_REQUEST', 'bad_request'],
    ['an unknown event type', JSON.stringify({ type: 'LivechatMystery', _id: 'r' }), 400, 'UNKNOWN_EVENT_TYPE', 'unknown_event_type'],
    ['a room event without its id', JSON.stringify({ type: 'LivechatSessionStart', visitor: { name: 'PRIVATE-NAME' } }), 422, 'INVALID_PAYLOAD', 'invalid_payload'],
  ])('refuses %s', async (_label, body, status, code, outcome) => {
    const harness = await start();
    const answer = await harness.post('/webhooks/rocketchat/acme', body, { 'x-rocketchat-livechat-token': RC_TOKEN });
    expect([answer.status, errorCode(answer)]).toEqual([status, code]);
    expect(answer.text).not.toContain('PRIVATE-NAME');
    expect(answer.text).not.toContain('LivechatMystery');
    expect(harness.published).toEqual([]);
    expect(harness.outcomes).toEqual([['rocketchat', outcome]]);
  });

  it('names the missing field in a 422', async () => {
    const harness = await start();
    const answer = await rc(harness, { type: 'LivechatSessionStart' });
    expect(JSON.parse(answer.text)).toEqual({ error: { code: 'INVALID_PAYLOAD', message: '_id is required' } });
  });

  it('answers 415 to a body that is not JSON', async () => {
    const harness = await start();
    const answer = await harness.post('/webhooks/rocketchat/acme', 'type=Message', { 'content-type': 'application/x-www-form-urlencoded', 'x-rocketchat-livechat-token': RC_TOKEN });
    expect([answer.status, errorCode(answer)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('answers 405 with Allow: POST to another method', async () => {
    const harness = await start();
    const answer = await harness.post('/webhooks/rocketchat/acme', '', { 'x-rocketchat-livechat-token': RC_TOKEN }, 'GET');
    expect([answer.status, answer.headers.allow, errorCode(answer)]).toEqual([405, 'POST', 'METHOD_NOT_ALLOWED']);
  });

  it.each([
    ['an unknown platform', '/webhooks/slack/acme'],
    ['a platform without webhooks', '/webhooks/imi/acme'],
    ['a missing tenant', '/webhooks/rocketchat'],
    ['an extra segment', '/webhooks/rocketchat/acme/extra'],
    ['a missing path secret', '/webhooks/jelou/acme'],
    ['an empty path secret', '/webhooks/jelou/acme/'],
    ['a malformed escape', '/webhooks/rocketchat/ac%E0%A4me'],
    ['the bare prefix', '/webhooks'],
  ])('answers 404 JSON to %s', async (_label, path) => {
    const harness = await start();
    const answer = await harness.post(path, JSON.stringify(messageEvent()), { 'x-rocketchat-livechat-token': RC_TOKEN });
    expect([answer.status, errorCode(answer)]).toEqual([404, 'NOT_FOUND']);
    expect(harness.outcomes).toEqual([]);
  });

  it('answers 503 with Retry-After when publishing fails, logs it at error, and takes the retry', async () => {
    const harness = await start();
    harness.bus.failing = true;
    const failed = await rc(harness, messageEvent());
    expect([failed.status, failed.headers['retry-after'], errorCode(failed)]).toEqual([503, '10', 'UNAVAILABLE']);
    const errors = loggedAtLeastWarn(harness.lines);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 50, platform: 'rocketchat', tenant: 'acme', outcome: 'unavailable' });
    harness.bus.failing = false;
    expect((await rc(harness, messageEvent())).status).toBe(200);
    expect(harness.published).toHaveLength(1);
  });
});

describe('webhook receivers: logging', () => {
  it('logs each refusal once at warn, with platform, tenant, outcome and problem, and never a secret, the path or the body', async () => {
    const harness = await start();
    const refusals: Array<[WebhookOutcome, () => Promise<Answer>]> = [
      ['unauthorized', () => rc(harness, messageEvent(), { 'x-rocketchat-livechat-token': `${RC_TOKEN}-almost` })],
      ['unauthorized', () => harness.post(`/webhooks/jelou/acme/${JELOU_SECRET}x`, JSON.stringify(userNew))],
      ['bad_request', () => harness.post(`/webhooks/jelou/acme/${JELOU_SECRET}`, '{not json')],
      ['invalid_payload', () => harness.post(`/webhooks/jelou/acme/${JELOU_SECRET}`, JSON.stringify({ event: 'user-new', payload: { names: 'PRIVATE-NAME' } }))],
      ['unknown_event_type', () => rc(harness, { type: 'SomethingElse', _id: 'PRIVATE-ROOM' })],
      ['too_large', () => rc(harness, { type: 'Message', _id: 'r', pad: 'x'.repeat(LIMIT) })],
      ['unsupported_media_type', () => harness.post('/webhooks/rocketchat/acme', '{}', { 'content-type': 'text/plain', 'x-rocketchat-livechat-token': RC_TOKEN })],
      ['method_not_allowed', () => harness.post(`/webhooks/jelou/acme/${JELOU_SECRET}`, '', {}, 'GET')],
    ];
    for (const [outcome, send] of refusals) {
      harness.lines.length = 0;
      const answer = await send();
      expect(answer.status).toBeGreaterThanOrEqual(400);
      const logged = loggedAtLeastWarn(harness.lines);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 40, outcome, tenant: 'acme' });
      expect(typeof logged[0]?.problem).toBe('string');
      expect(['rocketchat', 'jelou']).toContain(logged[0]?.platform);
      const line = harness.lines.join('\n');
      for (const secret of [RC_TOKEN, JELOU_SECRET, '/webhooks/', 'PRIVATE-NAME', 'PRIVATE-ROOM', 'SomethingElse']) expect(line).not.toContain(secret);
    }
    expect(harness.published).toEqual([]);
    // The receiver keeps serving after all of that.
    expect((await rc(harness, messageEvent('m-after'))).status).toBe(200);
    expect(harness.published).toHaveLength(1);
  });
});
