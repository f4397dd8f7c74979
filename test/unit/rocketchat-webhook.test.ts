import type { LivechatEventModel } from '../../src/events/model';
import type { WebhookDelivery, WebhookRead } from '../../src/platforms/platform';
import type { RocketChatSettings } from '../../src/platforms/rocketchat/settings';
import { rocketChatWebhook } from '../../src/platforms/rocketchat/webhook';

/** Rocket.Chat's Omnichannel webhook, read and authenticated: payloads as the upstream page and docs show them. */

const TOKEN = 'rc-webhook-token-0123456789';
const RECEIVED_AT = new Date('2026-03-01T12:00:00.000Z');
const settings: RocketChatSettings = { mode: 'remote', url: new URL('https://chat.example.com'), userId: 'svc', authToken: 'auth', maxConnections: 4, webhookToken: TOKEN };

/** A closed session as Rocket.Chat's docs print it (visitor e-mails as `{address}`, phone null, messages with `u`). */
function closedSession(): Record<string, unknown> {
  return {
    _id: 'Tc5SyBZHovD4k8BXv',
    label: 'James',
    createdAt: '2023-02-02T10:16:07.230Z',
    lastMessageAt: '2023-02-02T10:22:14.087Z',
    tags: ['self'],
    visitor: {
      _id: '63db8d4990fe6eda42ad429a',
      token: 'e36e352c742eee48860d576fcefb372a',
      name: 'James',
      username: 'guest-3',
      email: [{ address: 'james@example.com' }],
      phone: null,
    },
    agent: { _id: 'aXjjcPwq4Pcp7xftH', username: 'user1', name: 'User One', email: 'user1@example.com' },
    type: 'LivechatSession',
    messages: [
      {
        u: { _id: '63db8d4990fe6eda42ad429a', username: 'guest-3', name: 'James' },
        _id: '2untSdndqBP7opGWw',
        username: 'guest-3',
        msg: 'Hi',
        ts: '2023-02-02T10:16:09.615Z',
        rid: 'Tc5SyBZHovD4k8BXv',
      },
      {
        u: { _id: 'aXjjcPwq4Pcp7xftH', username: 'user1', name: 'User One' },
        _id: '7xjkw8ZFitMSNGmeJ',
        username: 'user1',
        msg: 'How can I help you today?',
        ts: '2023-02-02T10:21:05.391Z',
        rid: 'Tc5SyBZHovD4k8BXv',
        agentId: 'aXjjcPwq4Pcp7xftH',
      },
      { _id: 'ciAggDuN8ioqDrTby', username: 'user1', msg: 'Thank you for visiting', ts: '2023-02-02T10:23:11.437Z', agentId: 'aXjjcPwq4Pcp7xftH', closingMessage: true },
    ],
    departmentId: 'dep-sales',
    servedBy: { _id: 'aXjjcPwq4Pcp7xftH', username: 'user1', ts: '2023-02-02T10:16:07.375Z' },
    closedAt: '2023-02-02T10:23:11.344Z',
    closedBy: { _id: 'aXjjcPwq4Pcp7xftH', username: 'user1' },
    closer: 'user',
  };
}

/** The same room as another event type, with that type's extra fields. */
function roomEvent(type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { closedAt: _closedAt, closedBy: _closedBy, closer: _closer, ...room } = closedSession();
  return { ...room, type, ...extra };
}

function events(read: WebhookRead): LivechatEventModel[] {
  if (!read.ok) throw new Error(`expected events, got ${read.code}: ${read.problem}`);
  return read.events.map((event) => {
    if (event.kind !== 'livechat') throw new Error('expected a livechat event');
    return event.event;
  });
}

function only(read: WebhookRead): LivechatEventModel {
  const [event, ...rest] = events(read);
  if (event === undefined || rest.length > 0) throw new Error('expected exactly one event');
  return event;
}

function dedupeKey(body: unknown): string {
  const read = rocketChatWebhook.read(body, RECEIVED_AT);
  if (!read.ok || read.events[0] === undefined) throw new Error('expected an event');
  return read.events[0].dedupeKey;
}

function problemOf(body: unknown): { code: string; problem: string } {
  const read = rocketChatWebhook.read(body, RECEIVED_AT);
  if (read.ok) throw new Error('expected a refusal');
  return { code: read.code, problem: read.problem };
}

describe('Rocket.Chat webhook: reading events', () => {
  it.each([
    ['LivechatSessionStart', 'SESSION_STARTED'],
    ['LivechatSessionQueued', 'SESSION_QUEUED'],
    ['LivechatSessionTaken', 'SESSION_TAKEN'],
    ['LivechatSessionForwarded', 'SESSION_FORWARDED'],
    ['LivechatSession', 'SESSION_CLOSED'],
    ['LivechatEdit', 'SESSION_EDITED'],
    ['Message', 'MESSAGE'],
    ['LeadCapture', 'LEAD_CAPTURED'],
  ])('maps %s to %s', (type, expected) => {
    const event = only(rocketChatWebhook.read(type === 'LivechatSession' ? closedSession() : roomEvent(type), RECEIVED_AT));
    expect(event.type).toBe(expected);
    expect(event.roomId).toBe('Tc5SyBZHovD4k8BXv');
  });

  it('reads a closed session: its closing time, agent, department, visitor and messages', () => {
    expect(only(rocketChatWebhook.read(closedSession(), RECEIVED_AT))).toEqual({
      type: 'SESSION_CLOSED',
      roomId: 'Tc5SyBZHovD4k8BXv',
      at: '2023-02-02T10:23:11.344Z',
      departmentId: 'dep-sales',
      previousDepartmentId: null,
      visitor: { id: '63db8d4990fe6eda42ad429a', name: 'James', emails: ['james@example.com'], phones: [] },
      agentId: 'aXjjcPwq4Pcp7xftH',
      previousAgentId: null,
      messages: [
        { id: '2untSdndqBP7opGWw', text: 'Hi', at: '2023-02-02T10:16:09.615Z', fromAgent: false },
        { id: '7xjkw8ZFitMSNGmeJ', text: 'How can I help you today?', at: '2023-02-02T10:21:05.391Z', fromAgent: true },
        { id: 'ciAggDuN8ioqDrTby', text: 'Thank you for visiting', at: '2023-02-02T10:23:11.437Z', fromAgent: true },
      ],
    });
  });

  it('dates a message event by its last message, a taken session by servedBy.ts, and the rest by the time received', () => {
    const message = { _id: 'm9', username: 'guest-3', msg: 'still there?', ts: '2023-02-02T10:30:00.000Z' };
    expect(only(rocketChatWebhook.read(roomEvent('Message', { messages: [message] }), RECEIVED_AT)).at).toBe('2023-02-02T10:30:00.000Z');
    expect(only(rocketChatWebhook.read(roomEvent('LivechatSessionTaken'), RECEIVED_AT)).at).toBe('2023-02-02T10:16:07.375Z');
    const takenWithoutTime = roomEvent('LivechatSessionTaken', { servedBy: { _id: 'aXjjcPwq4Pcp7xftH', username: 'user1' } });
    expect(only(rocketChatWebhook.read(takenWithoutTime, RECEIVED_AT)).at).toBe(RECEIVED_AT.toISOString());
    expect(only(rocketChatWebhook.read(roomEvent('LivechatSessionStart'), RECEIVED_AT)).at).toBe(RECEIVED_AT.toISOString());
    expect(only(rocketChatWebhook.read(roomEvent('Message', { messages: [] }), RECEIVED_AT)).at).toBe(RECEIVED_AT.toISOString());
  });

  it('reads a forward: the agent and department after it, and those before', () => {
    const forwarded = roomEvent('LivechatSessionForwarded', {
      departmentId: 'dep-support',
      oldDepartmentId: 'dep-sales',
      servedBy: { _id: 'agent-b', username: 'bea', ts: '2023-02-02T10:40:00.000Z' },
      oldServedBy: { _id: 'aXjjcPwq4Pcp7xftH', username: 'user1', ts: '2023-02-02T10:16:07.375Z' },
    });
    const event = only(rocketChatWebhook.read(forwarded, RECEIVED_AT));
    expect(event).toMatchObject({ type: 'SESSION_FORWARDED', agentId: 'agent-b', previousAgentId: 'aXjjcPwq4Pcp7xftH', departmentId: 'dep-support', previousDepartmentId: 'dep-sales' });
  });

  it('takes the agent from `agent` when the payload has no servedBy', () => {
    expect(only(rocketChatWebhook.read(roomEvent('LivechatEdit', { servedBy: undefined }), RECEIVED_AT)).agentId).toBe('aXjjcPwq4Pcp7xftH');
  });

  it('reads e-mails and phones given as strings, as objects, or as one string', () => {
    const visitor = (email: unknown, phone: unknown) =>
      only(rocketChatWebhook.read(roomEvent('LeadCapture', { visitor: { _id: 'v1', name: 'Ana', email, phone } }), RECEIVED_AT)).visitor;
    expect(visitor(['ana@example.com', 'ana@work.example'], ['+5491100000000'])).toEqual({
      id: 'v1',
      name: 'Ana',
      emails: ['ana@example.com', 'ana@work.example'],
      phones: ['+5491100000000'],
    });
    expect(visitor([{ address: 'ana@example.com' }], [{ phoneNumber: '+5491100000000' }])).toMatchObject({ emails: ['ana@example.com'], phones: ['+5491100000000'] });
    expect(visitor('ana@example.com', '+5491100000000')).toMatchObject({ emails: ['ana@example.com'], phones: ['+5491100000000'] });
    expect(visitor(undefined, null)).toMatchObject({ emails: [], phones: [] });
  });

  it('tolerates a room event with nothing but its type and id, and extra fields it does not know', () => {
    const event = only(rocketChatWebhook.read({ type: 'LivechatSessionQueued', _id: 'room-1', crmData: { any: 'thing' }, somethingNew: [1, 2] }, RECEIVED_AT));
    expect(event).toEqual({
      type: 'SESSION_QUEUED',
      roomId: 'room-1',
      at: RECEIVED_AT.toISOString(),
      departmentId: null,
      previousDepartmentId: null,
      visitor: null,
      agentId: null,
      previousAgentId: null,
      messages: [],
    });
  });

  it('gives a file-only message an empty text, and tells an agent by username on servers without agentId', () => {
    const messages = [
      { _id: 'f1', username: 'guest-3', ts: '2023-02-02T10:16:09.615Z', file: { _id: 'file1', name: 'photo.png', type: 'image/png' } },
      { _id: 'a1', username: 'user1', msg: 'Got it', ts: '2023-02-02T10:17:00.000Z' },
    ];
    const event = only(rocketChatWebhook.read(roomEvent('Message', { messages }), RECEIVED_AT));
    expect(event.messages).toEqual([
      { id: 'f1', text: '', at: '2023-02-02T10:16:09.615Z', fromAgent: false },
      { id: 'a1', text: 'Got it', at: '2023-02-02T10:17:00.000Z', fromAgent: true },
    ]);
  });

  it('reads an offline message: no room, one message without id, dated by sentAt', () => {
    const offline = { type: 'LivechatOfflineMessage', sentAt: '2023-02-03T08:00:00.000Z', visitor: { name: 'Ana', email: 'ana@example.com' }, message: 'Call me back please' };
    expect(only(rocketChatWebhook.read(offline, RECEIVED_AT))).toEqual({
      type: 'OFFLINE_MESSAGE',
      roomId: null,
      at: '2023-02-03T08:00:00.000Z',
      departmentId: null,
      previousDepartmentId: null,
      visitor: { id: null, name: 'Ana', emails: ['ana@example.com'], phones: [] },
      agentId: null,
      previousAgentId: null,
      messages: [{ id: null, text: 'Call me back please', at: '2023-02-03T08:00:00.000Z', fromAgent: false }],
    });
  });
});

describe('Rocket.Chat webhook: refusing payloads', () => {
  it('refuses an unknown type without echoing it', () => {
    const refusal = problemOf({ type: 'LivechatSecretThing-42', _id: 'r' });
    expect(refusal.code).toBe('UNKNOWN_EVENT_TYPE');
    expect(refusal.problem).not.toContain('LivechatSecretThing-42');
    expect(refusal.problem).toContain('LivechatSessionStart');
  });

  it.each([
    ['an array', []],
    ['a string', 'LivechatSession'],
    ['null', null],
    ['a number', 42],
  ])('refuses %s as the body', (_label, body) => {
    expect(problemOf(body)).toEqual({ code: 'INVALID_PAYLOAD', problem: 'body must be a JSON object' });
  });

  it('refuses a missing or non-string type', () => {
    expect(problemOf({ _id: 'r' })).toEqual({ code: 'INVALID_PAYLOAD', problem: 'type is required' });
    expect(problemOf({ type: 7, _id: 'r' })).toEqual({ code: 'INVALID_PAYLOAD', problem: 'type must be a string' });
  });

  it('names a missing room id', () => {
    expect(problemOf({ type: 'LivechatSessionStart', departmentId: 'd' })).toEqual({ code: 'INVALID_PAYLOAD', problem: '_id is required' });
  });

  it('names every wrong field by its path, never quoting the value', () => {
    const body = roomEvent('Message', {
      visitor: { _id: 'v1', email: [{ address: 'ok@example.com' }, 4242] },
      messages: [{ _id: 'm1', msg: 'fine', ts: '2023-02-02T10:16:09.615Z' }, { _id: 'm2', msg: 'SECRET-TEXT', ts: 'yesterday-ish' }],
      servedBy: { username: 'user1' },
    });
    const refusal = problemOf(body);
    expect(refusal.code).toBe('INVALID_PAYLOAD');
    expect(refusal.problem).toContain('visitor.email[1] must be a string or an object with a string "address"');
    expect(refusal.problem).toContain('messages[1].ts must be an ISO 8601 date-time');
    expect(refusal.problem).toContain('servedBy._id is required');
    for (const value of ['4242', 'SECRET-TEXT', 'yesterday-ish']) expect(refusal.problem).not.toContain(value);
  });

  it('refuses an impossible or zone-less date', () => {
    expect(problemOf({ ...closedSession(), closedAt: '2023-02-30T10:00:00Z' }).problem).toBe('closedAt must be an ISO 8601 date-time with a time zone');
    expect(problemOf({ type: 'LivechatOfflineMessage', sentAt: '2023-02-02 10:00', message: 'x' }).problem).toBe('sentAt must be an ISO 8601 date-time with a time zone');
  });

  it('refuses an offline message without its text', () => {
    const withoutText = { type: 'LivechatOfflineMessage', sentAt: '2023-02-03T08:00:00.000Z', visitor: { name: 'Ana' } };
    expect(problemOf(withoutText)).toEqual({ code: 'INVALID_PAYLOAD', problem: 'message is required' });
  });
});

describe('Rocket.Chat webhook: de-duplication keys', () => {
  it('gives a retried delivery (the same body, re-serialised) the same key', () => {
    expect(dedupeKey(JSON.parse(JSON.stringify(closedSession())))).toBe(dedupeKey(closedSession()));
    const offline = { type: 'LivechatOfflineMessage', sentAt: '2023-02-03T08:00:00.000Z', visitor: { name: 'Ana', email: 'ana@example.com' }, message: 'Hello' };
    expect(dedupeKey({ ...offline })).toBe(dedupeKey(offline));
  });

  it('tells apart forwards to another agent or department with no new message, and a forward back again', () => {
    const forward = (from: string, to: string, department = 'dep-sales') =>
      dedupeKey(roomEvent('LivechatSessionForwarded', { departmentId: department, servedBy: { _id: to }, oldServedBy: { _id: from } }));
    const keys = [forward('agent-a', 'agent-b'), forward('agent-b', 'agent-c'), forward('agent-c', 'agent-b'), forward('agent-b', 'agent-b', 'dep-support')];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('tells apart the same agent taking the room again (after it went back to the queue) from a retry', () => {
    const taken = (at: string) => dedupeKey(roomEvent('LivechatSessionTaken', { departmentId: 'dep-sales', servedBy: { _id: 'agent-a', username: 'a', ts: at } }));
    expect(taken('2023-02-02T10:20:00.000Z')).not.toBe(taken('2023-02-02T10:25:00.000Z'));
    expect(taken('2023-02-02T10:20:00.000Z')).toBe(taken('2023-02-02T10:20:00.000Z'));
  });

  it('tells apart event types of the same room, a new message, and an edited one', () => {
    const message = (edited?: string) => ({ _id: 'm1', username: 'guest-3', msg: 'Hi', ts: '2023-02-02T10:16:09.615Z', ...(edited ? { editedAt: edited } : {}) });
    const keys = [
      dedupeKey(roomEvent('LivechatSessionStart')),
      dedupeKey(roomEvent('LivechatSessionQueued')),
      dedupeKey(roomEvent('Message', { messages: [message()] })),
      dedupeKey(roomEvent('Message', { messages: [{ ...message(), _id: 'm2' }] })),
      dedupeKey(roomEvent('Message', { messages: [message('2023-02-02T10:18:00.000Z')] })),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('tells apart offline messages by text, sender and time', () => {
    const offline = (overrides: Record<string, unknown>) =>
      dedupeKey({ type: 'LivechatOfflineMessage', sentAt: '2023-02-03T08:00:00.000Z', visitor: { name: 'Ana', email: 'ana@example.com' }, message: 'Hello', ...overrides });
    const keys = [offline({}), offline({ message: 'Hello again' }), offline({ visitor: { email: 'bo@example.com' } }), offline({ sentAt: '2023-02-03T09:00:00.000Z' })];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.join(' ')).not.toContain('Hello');
  });
});

describe('Rocket.Chat webhook: authentication', () => {
  const delivery = (headers: WebhookDelivery['headers']): WebhookDelivery => ({ pathSecrets: [], headers, rawBody: Buffer.from('{}') });

  it('is configured only with a webhook token', () => {
    expect(rocketChatWebhook.configured(settings)).toBe(true);
    expect(rocketChatWebhook.configured({ ...settings, webhookToken: undefined })).toBe(false);
    expect(rocketChatWebhook.pathSecretSegments).toBe(0);
  });

  it('accepts the token and refuses a wrong, shorter, longer, missing or repeated one', () => {
    expect(rocketChatWebhook.authenticate(delivery({ 'x-rocketchat-livechat-token': TOKEN }), settings)).toBe(true);
    for (const given of ['rc-webhook-token-0123456780', 'rc-webhook', `${TOKEN}0`, '', `${TOKEN}, ${TOKEN}`]) {
      expect(rocketChatWebhook.authenticate(delivery({ 'x-rocketchat-livechat-token': given }), settings)).toBe(false);
    }
    expect(rocketChatWebhook.authenticate(delivery({}), settings)).toBe(false);
    const repeated = { 'x-rocketchat-livechat-token': [TOKEN, TOKEN] } as unknown as WebhookDelivery['headers'];
    expect(rocketChatWebhook.authenticate(delivery(repeated), settings)).toBe(false);
  });

  it('refuses every delivery when no token is configured', () => {
    expect(rocketChatWebhook.authenticate(delivery({ 'x-rocketchat-livechat-token': TOKEN }), { ...settings, webhookToken: undefined })).toBe(false);
  });
});
