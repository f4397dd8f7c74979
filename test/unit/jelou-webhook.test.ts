import { createHmac } from 'node:crypto';
import type { WidgetEventModel } from '../../src/events/model';
import type { JelouSettings } from '../../src/platforms/jelou/settings';
import { jelouWebhook } from '../../src/platforms/jelou/webhook';
import type { WebhookDelivery, WebhookRead } from '../../src/platforms/platform';

/** Jelou's widget webhooks, read and authenticated: payloads as Jelou's docs show them. */

const PATH_SECRET = 'jelou_path_secret_0123456789abcdef';
const SIGNING_SECRET = 'jelou-signing-secret-0123456789';
const RECEIVED_AT = new Date('2026-03-01T12:00:00.000Z');
const settings: JelouSettings = {
  mode: 'remote',
  url: new URL('https://api.jelou.ai'),
  clientId: 'client',
  clientSecret: 'secret',
  authScheme: 'basic',
  maxConnections: 4,
  webhookSecret: PATH_SECRET,
};
const signedSettings: JelouSettings = { ...settings, webhookSigningSecret: SIGNING_SECRET };

const userNew = {
  event: 'user-new',
  payload: {
    id: 'c0a8012e-7f3b-4b8e-9a55-0d5f0e4d1a11',
    legalId: '0912345678',
    names: 'María Pérez',
    referenceId: 'ref-778',
    roomId: 'G:bot-42:ref-778',
    botId: 'bot-42',
    companyId: 135,
    socketId: 'Zk3s9-socket',
    createdAt: '2026-02-28T09:15:00.000Z',
  },
};

const messageUser = {
  event: 'message:user',
  origin: 'web',
  app: { id: 'bot-42', name: 'Ventas' },
  sender: { id: 'c0a8012e-7f3b-4b8e-9a55-0d5f0e4d1a11', names: 'María Pérez', referenceId: 'ref-778' },
  room: { id: 'G:bot-42:ref-778', type: 'group' },
  messages: [
    { id: 'msg-1', type: 'text', text: 'Hola' },
    { id: 'msg-2', type: 'image', mediaUrl: 'https://cdn.example.com/a.png' },
    { id: 'msg-3', type: 'text', text: '¿tienen envíos?' },
  ],
  datetime: '2026-02-28T09:16:30.000Z',
};

const memberEvent = (event: string) => ({
  event,
  payload: { roomId: 'G:bot-42:ref-778', member: '5b8f6c2e-1111-2222-3333-444455556666', memberInfo: { id: '5b8f6c2e-1111-2222-3333-444455556666', names: 'Agente Luis' } },
  datetime: '2026-02-28T09:20:00.000Z',
});

const conversationOpen = { event: 'conversation-open', payload: { room: { id: 'G:bot-42:ref-778' }, openedBy: 'operator-9' }, datetime: '2026-02-28T09:21:00.000Z' };

function only(read: WebhookRead): WidgetEventModel {
  if (!read.ok) throw new Error(`expected events, got ${read.code}: ${read.problem}`);
  const [event, ...rest] = read.events;
  if (event?.kind !== 'widget' || rest.length > 0) throw new Error('expected exactly one widget event');
  return event.event;
}

function dedupeKey(body: unknown): string {
  const read = jelouWebhook.read(body, RECEIVED_AT);
  if (!read.ok || read.events[0] === undefined) throw new Error('expected an event');
  return read.events[0].dedupeKey;
}

function problemOf(body: unknown): { code: string; problem: string } {
  const read = jelouWebhook.read(body, RECEIVED_AT);
  if (read.ok) throw new Error('expected a refusal');
  return { code: read.code, problem: read.problem };
}

describe('Jelou webhook: reading events', () => {
  it('reads user-new: the new user, their room and bot, dated by createdAt', () => {
    expect(only(jelouWebhook.read(userNew, RECEIVED_AT))).toEqual({
      type: 'USER_NEW',
      at: '2026-02-28T09:15:00.000Z',
      roomId: 'G:bot-42:ref-778',
      userId: 'c0a8012e-7f3b-4b8e-9a55-0d5f0e4d1a11',
      names: 'María Pérez',
      botId: 'bot-42',
      texts: [],
    });
  });

  it('reads message:user: the sender, room, bot and the texts of its text messages', () => {
    expect(only(jelouWebhook.read(messageUser, RECEIVED_AT))).toEqual({
      type: 'MESSAGE_USER',
      at: '2026-02-28T09:16:30.000Z',
      roomId: 'G:bot-42:ref-778',
      userId: 'c0a8012e-7f3b-4b8e-9a55-0d5f0e4d1a11',
      names: 'María Pérez',
      botId: 'bot-42',
      texts: ['Hola', '¿tienen envíos?'],
    });
  });

  it('reads a sender and room spelled with _id and name, and a numeric bot id', () => {
    const body = { ...messageUser, app: { id: 4242 }, sender: { _id: 'u-1', name: 'Ana' }, room: { _id: 'room-7' }, messages: [{ text: 'hi' }, { text: 42 }] };
    expect(only(jelouWebhook.read(body, RECEIVED_AT))).toMatchObject({ userId: 'u-1', names: 'Ana', roomId: 'room-7', botId: '4242', texts: ['hi'] });
  });

  it.each([
    ['room-member-add', 'ROOM_MEMBER_ADD'],
    ['room-member-remove', 'ROOM_MEMBER_REMOVE'],
  ])('reads %s as %s: the member and room', (name, type) => {
    expect(only(jelouWebhook.read(memberEvent(name), RECEIVED_AT))).toEqual({
      type,
      at: '2026-02-28T09:20:00.000Z',
      roomId: 'G:bot-42:ref-778',
      userId: '5b8f6c2e-1111-2222-3333-444455556666',
      names: 'Agente Luis',
      botId: null,
      texts: [],
    });
  });

  it('reads conversation-open: the room (an object or its id) and who opened it', () => {
    expect(only(jelouWebhook.read(conversationOpen, RECEIVED_AT))).toEqual({
      type: 'CONVERSATION_OPEN',
      at: '2026-02-28T09:21:00.000Z',
      roomId: 'G:bot-42:ref-778',
      userId: 'operator-9',
      names: null,
      botId: null,
      texts: [],
    });
    const byId = { ...conversationOpen, payload: { room: 'G:bot-42:ref-778' } };
    expect(only(jelouWebhook.read(byId, RECEIVED_AT))).toMatchObject({ roomId: 'G:bot-42:ref-778', userId: null });
  });

  it('tolerates missing optional fields: dated when received, nulls where nothing is said', () => {
    expect(only(jelouWebhook.read({ event: 'user-new', payload: { id: 'u-2' } }, RECEIVED_AT))).toEqual({
      type: 'USER_NEW',
      at: RECEIVED_AT.toISOString(),
      roomId: null,
      userId: 'u-2',
      names: null,
      botId: null,
      texts: [],
    });
    expect(only(jelouWebhook.read({ event: 'message:user', sender: {}, messages: [] }, RECEIVED_AT))).toMatchObject({ userId: null, roomId: null, botId: null, texts: [] });
    expect(only(jelouWebhook.read({ event: 'room-member-remove', payload: { roomId: 'r', member: 'm' } }, RECEIVED_AT))).toMatchObject({ userId: 'm', names: null });
  });
});

describe('Jelou webhook: refusing payloads', () => {
  it('refuses an unknown event without echoing it', () => {
    const refusal = problemOf({ event: 'bot-secret-event', payload: {} });
    expect(refusal.code).toBe('UNKNOWN_EVENT_TYPE');
    expect(refusal.problem).not.toContain('bot-secret-event');
    expect(refusal.problem).toContain('user-new');
  });

  it('refuses a body that is not an object, and a missing or non-string event', () => {
    expect(problemOf([userNew])).toEqual({ code: 'INVALID_PAYLOAD', problem: 'body must be a JSON object' });
    expect(problemOf({ payload: {} })).toEqual({ code: 'INVALID_PAYLOAD', problem: 'event is required' });
    expect(problemOf({ event: 3 })).toEqual({ code: 'INVALID_PAYLOAD', problem: 'event must be a string' });
  });

  it('names what each event needs', () => {
    expect(problemOf({ event: 'user-new' })).toEqual({ code: 'INVALID_PAYLOAD', problem: 'payload is required' });
    expect(problemOf({ event: 'user-new', payload: { names: 'x' } }).problem).toBe('payload.id is required');
    expect(problemOf({ event: 'message:user', sender: {} }).problem).toBe('messages is required');
    expect(problemOf({ event: 'room-member-add', payload: { roomId: 'r' } }).problem).toBe('payload.member is required');
    expect(problemOf({ event: 'conversation-open', payload: { openedBy: 'x' } }).problem).toBe('payload.room is required');
  });

  it('names wrong fields by their path, never quoting the value', () => {
    const refusal = problemOf({ ...messageUser, sender: { id: { nested: 'SECRET-ID' } }, messages: 'SECRET-TEXT', datetime: 'last tuesday' });
    expect(refusal.code).toBe('INVALID_PAYLOAD');
    expect(refusal.problem).toContain('sender.id must be a non-empty string or a number');
    expect(refusal.problem).toContain('messages must be an array');
    expect(refusal.problem).toContain('datetime must be an ISO 8601 date-time with a time zone');
    for (const value of ['SECRET-ID', 'SECRET-TEXT', 'last tuesday']) expect(refusal.problem).not.toContain(value);
  });
});

describe('Jelou webhook: de-duplication keys', () => {
  it('gives a replayed delivery the same key, however its JSON was spaced or ordered', () => {
    const reordered = JSON.parse(JSON.stringify({ payload: { ...userNew.payload }, event: 'user-new' })) as unknown;
    expect(dedupeKey(reordered)).toBe(dedupeKey(userNew));
    expect(dedupeKey(userNew)).toMatch(/^user-new:[0-9a-f]{64}$/);
  });

  it('gives different deliveries different keys', () => {
    const keys = [
      dedupeKey(messageUser),
      dedupeKey({ ...messageUser, messages: [{ type: 'text', text: 'Hola' }] }),
      dedupeKey({ ...messageUser, datetime: '2026-02-28T09:16:31.000Z' }),
      dedupeKey(memberEvent('room-member-add')),
      dedupeKey(memberEvent('room-member-remove')),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('Jelou webhook: authentication', () => {
  const body = Buffer.from(JSON.stringify(userNew));
  const sign = (raw: Buffer, secret = SIGNING_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  const delivery = (pathSecrets: string[], headers: WebhookDelivery['headers'] = {}, rawBody = body): WebhookDelivery => ({ pathSecrets, headers, rawBody });

  it('is configured only with a path secret, which is one path segment', () => {
    expect(jelouWebhook.pathSecretSegments).toBe(1);
    expect(jelouWebhook.configured(settings)).toBe(true);
    expect(jelouWebhook.configured({ ...settings, webhookSecret: undefined })).toBe(false);
  });

  it('accepts the path secret and refuses a wrong, shorter, longer or missing one', () => {
    expect(jelouWebhook.authenticate(delivery([PATH_SECRET]), settings)).toBe(true);
    for (const given of [`${PATH_SECRET.slice(0, -1)}x`, PATH_SECRET.slice(0, 10), `${PATH_SECRET}0`, '']) {
      expect(jelouWebhook.authenticate(delivery([given]), settings)).toBe(false);
    }
    expect(jelouWebhook.authenticate(delivery([]), settings)).toBe(false);
    expect(jelouWebhook.authenticate(delivery([PATH_SECRET]), { ...settings, webhookSecret: undefined })).toBe(false);
  });

  it('with a signing secret, needs a valid signature of the exact body as well', () => {
    expect(jelouWebhook.authenticate(delivery([PATH_SECRET], { 'x-jelou-signature': sign(body) }), signedSettings)).toBe(true);
    expect(jelouWebhook.authenticate(delivery([PATH_SECRET], { 'x-jelou-signature': sign(body).toUpperCase().replace('SHA256=', 'sha256=') }), signedSettings)).toBe(true);
    const tampered = Buffer.from(JSON.stringify({ ...userNew, event: 'user-new ' }));
    const refused: Array<WebhookDelivery['headers']> = [
      {},
      { 'x-jelou-signature': sign(body, 'another-signing-secret-000') },
      { 'x-jelou-signature': sign(tampered) },
      { 'x-jelou-signature': sign(body).slice('sha256='.length) },
      { 'x-jelou-signature': `${sign(body)}, ${sign(body)}` },
    ];
    for (const headers of refused) expect(jelouWebhook.authenticate(delivery([PATH_SECRET], headers), signedSettings)).toBe(false);
  });

  it('checks the path secret before touching the body', () => {
    const untouchable = {
      pathSecrets: ['wrong-secret-wrong-secret-00'],
      headers: { 'x-jelou-signature': sign(body) },
      get rawBody(): Buffer {
        throw new Error('the body was read');
      },
    };
    expect(jelouWebhook.authenticate(untouchable, signedSettings)).toBe(false);
  });
});
