import { WebhookSender, type WebhookSenderOptions } from '../../src/simulators/webhook-sender.js';
import { startWebhookReceiver, type Reply, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The simulators' webhook sender (src/simulators/webhook-sender.ts) against a real receiver on
 * loopback: what counts as delivered, what is retried and what is dropped, one delivery at a time in
 * order, `url()` read at every attempt, and `close()` leaving nothing behind.
 */

const RECEIVER_PATH = '/hook';

const senders: WebhookSender[] = [];
const receivers: WebhookReceiver[] = [];

function sender(options: Partial<WebhookSenderOptions> & Pick<WebhookSenderOptions, 'url'>): WebhookSender {
  const created = new WebhookSender({ attempts: 3, retryDelayMs: 5, timeoutMs: 2_000, ...options });
  senders.push(created);
  return created;
}

async function receiver(replies?: Reply[]): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver({ path: RECEIVER_PATH, replies });
  receivers.push(started);
  return started;
}

afterEach(async () => {
  for (const each of senders.splice(0)) each.close();
  await Promise.all(receivers.splice(0).map((each) => each.close()));
});

const outcomes = (webhook: WebhookSender) => webhook.deliveries().map(({ attempt, status, outcome }) => ({ attempt, status, outcome }));

describe('WebhookSender', () => {
  it('posts JSON with the configured and signed headers, once, when answered 200', async () => {
    const target = await receiver([200]);
    const webhook = sender({ url: () => target.url, headers: { 'X-Token': 't0k3n' }, sign: (raw) => ({ 'X-Length': String(raw.length) }) });
    webhook.send({ name: 'hello', body: { a: 1, when: new Date('2024-05-06T07:08:09.010Z') } });
    await webhook.idle();
    expect(target.deliveries).toHaveLength(1);
    const [first] = target.deliveries;
    expect(JSON.parse(first?.text ?? '')).toEqual({ a: 1, when: '2024-05-06T07:08:09.010Z' });
    expect(first?.headers).toMatchObject({ 'content-type': 'application/json', 'x-token': 't0k3n', 'x-length': String(first?.text.length) });
    expect(webhook.deliveries()).toEqual([
      { delivery: 1, event: 'hello', attempt: 1, at: expect.any(String), origin: new URL(target.url).origin, status: 200, outcome: 'delivered' },
    ]);
  });

  it.each([500, 503, 429])('retries a %i with the same bytes until 200', async (status) => {
    const target = await receiver([status, status, 200]);
    const webhook = sender({ url: () => target.url, attempts: 5 });
    webhook.send({ name: 'e', body: { n: 1 } });
    await webhook.idle();
    expect(target.deliveries.map((each) => each.text)).toEqual(['{"n":1}', '{"n":1}', '{"n":1}']);
    expect(outcomes(webhook)).toEqual([
      { attempt: 1, status, outcome: 'will-retry' },
      { attempt: 2, status, outcome: 'will-retry' },
      { attempt: 3, status: 200, outcome: 'delivered' },
    ]);
  });

  it.each([400, 401, 404, 201, 204])('drops a %i without retrying (only 200 counts as delivered)', async (status) => {
    const target = await receiver([status]);
    const webhook = sender({ url: () => target.url, attempts: 5 });
    webhook.send({ name: 'e', body: {} });
    await webhook.idle();
    expect(target.deliveries).toHaveLength(1);
    expect(outcomes(webhook)).toEqual([{ attempt: 1, status, outcome: 'rejected' }]);
  });

  it('gives up after `attempts` attempts', async () => {
    const target = await receiver([500]);
    const webhook = sender({ url: () => target.url, attempts: 3 });
    webhook.send({ name: 'e', body: {} });
    await webhook.idle();
    expect(target.deliveries).toHaveLength(3);
    expect(outcomes(webhook).map((each) => each.outcome)).toEqual(['will-retry', 'will-retry', 'gave-up']);
  });

  it('retries a refused connection, then gives up', async () => {
    const gone = await startWebhookReceiver({ path: RECEIVER_PATH });
    await gone.close();
    const webhook = sender({ url: () => gone.url, attempts: 2 });
    webhook.send({ name: 'e', body: {} });
    await webhook.idle();
    const log = webhook.deliveries();
    expect(log.map((each) => each.outcome)).toEqual(['will-retry', 'gave-up']);
    expect(log[0]?.error).toMatch(/ECONNREFUSED/);
    expect(log[0]?.status).toBeUndefined();
  });

  it('treats a receiver that does not answer in time as a network error', async () => {
    const target = await receiver(['hang', 200]);
    const webhook = sender({ url: () => target.url, timeoutMs: 100 });
    webhook.send({ name: 'e', body: {} });
    await webhook.idle();
    expect(outcomes(webhook).map((each) => each.outcome)).toEqual(['will-retry', 'delivered']);
    expect(webhook.deliveries()[0]?.error).toMatch(/no answer within 100 ms/);
  });

  it('drops an event when url() says there is no receiver, and reads url() again at every attempt', async () => {
    const target = await receiver([503, 200]);
    const receiverOf: { url?: string } = {};
    const webhook = sender({ url: () => receiverOf.url });
    webhook.send({ name: 'nobody', body: {} });
    await webhook.idle();
    expect(outcomes(webhook)).toEqual([{ attempt: 1, status: undefined, outcome: 'no-receiver' }]);
    expect(webhook.deliveries()[0]?.origin).toBeUndefined();

    receiverOf.url = target.url;
    webhook.send({ name: 'later', body: {} });
    await webhook.idle();
    expect(target.deliveries).toHaveLength(2);
    expect(webhook.deliveries().slice(1).map(({ delivery, event, outcome }) => ({ delivery, event, outcome }))).toEqual([
      { delivery: 2, event: 'later', outcome: 'will-retry' },
      { delivery: 2, event: 'later', outcome: 'delivered' },
    ]);
  });

  it('delivers one at a time, in the order sent: a retried event holds the next one back', async () => {
    const target = await receiver([500, 500, 200]);
    const webhook = sender({ url: () => target.url, attempts: 5, retryDelayMs: 20 });
    for (const n of [1, 2, 3]) webhook.send({ name: `e${n}`, body: { n } });
    expect(webhook.pending).toBe(3);
    await webhook.idle();
    expect(target.deliveries.map((each) => JSON.parse(each.text))).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    expect(webhook.pending).toBe(0);
  });

  it('tells onDelivered what the receiver answered', async () => {
    const target = await receiver([200]);
    const webhook = sender({ url: () => target.url });
    const answers: string[] = [];
    webhook.send({ name: 'e', body: {}, onDelivered: (answer) => answers.push(answer) });
    await webhook.idle();
    expect(answers).toEqual(['{}']);
  });

  it('close() clears the retry timer, cancels what is queued and resolves idle()', async () => {
    const target = await receiver([503]);
    const webhook = sender({ url: () => target.url, attempts: 5, retryDelayMs: 60_000 });
    webhook.send({ name: 'first', body: {} });
    webhook.send({ name: 'second', body: {} });
    while (webhook.deliveries().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const timersBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

    webhook.close();
    const timersAfter = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    expect(timersAfter).toBe(timersBefore - 1);
    await webhook.idle();

    expect(target.deliveries).toHaveLength(1);
    expect(webhook.deliveries().map(({ event, attempt, outcome }) => ({ event, attempt, outcome }))).toEqual([
      { event: 'first', attempt: 1, outcome: 'will-retry' },
      { event: 'first', attempt: 2, outcome: 'cancelled' },
      { event: 'second', attempt: 0, outcome: 'cancelled' },
    ]);
    webhook.send({ name: 'after', body: {} });
    expect(webhook.deliveries().at(-1)).toMatchObject({ event: 'after', attempt: 0, outcome: 'cancelled' });
    expect(webhook.pending).toBe(0);
  });

  it('close() cuts a delivery in flight', async () => {
    const target = await receiver(['hang']);
    const webhook = sender({ url: () => target.url, timeoutMs: 60_000 });
    webhook.send({ name: 'slow', body: {} });
    while (target.deliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    webhook.close();
    await webhook.idle();
    expect(outcomes(webhook)).toEqual([{ attempt: 1, status: undefined, outcome: 'cancelled' }]);
  });

  it('refuses fewer than one attempt', () => {
    expect(() => new WebhookSender({ url: () => undefined, attempts: 0, retryDelayMs: 0, timeoutMs: 1 })).toThrow(/attempts/);
  });
});
