import { request as httpRequest, type ClientRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * How a simulator pushes its platform's webhook events to a receiver, shared by the Rocket.Chat and
 * Jelou simulators. The rules are Rocket.Chat's (apps/meteor/app/livechat/server/lib/webhooks.ts, see
 * shared/upstreams/rocketchat.md "Omnichannel webhook"), which Jelou's are a special case of (one
 * attempt, shared/upstreams/jelou.md "Webhooks"):
 *
 * - a JSON `POST` to `url()`, read again at every attempt (the real server reads its setting each time;
 *   the gateway's own origin is known only once it listens); undefined: nobody to deliver to, the event
 *   is dropped and logged `no-receiver`;
 * - only HTTP 200 counts as delivered; 5xx, 429, network errors and timeouts are retried, the same
 *   bytes every time, `retryDelayMs` apart, up to `attempts` attempts in all; any other status is
 *   dropped at once (`rejected`).
 *
 * Unlike the real server, deliveries go out one at a time, in the order sent: the next one waits until
 * the previous one is delivered or given up. Rocket.Chat fires every event on its own and retries on
 * independent timers, so a receiver may see `LivechatSession` before `LivechatSessionTaken`; receivers
 * must not rely on order. The simulator promises it anyway so that a demo (and a test) sees start →
 * queued → taken → closed as it happened. The price: a receiver that keeps failing holds the later
 * events back for up to `attempts × retryDelayMs`.
 *
 * `close()` clears the retry timer and cuts the delivery in flight, so a closed simulator never keeps
 * the process alive; whatever was still queued is logged `cancelled`.
 */
export interface WebhookSenderOptions {
  /** The receiver, read at every attempt; undefined when there is none (the event is dropped). */
  url: () => string | undefined;
  /** Sent with every delivery (e.g. Rocket.Chat's `X-RocketChat-Livechat-Token`). */
  headers?: Record<string, string>;
  /** Headers computed over the exact bytes sent (e.g. Jelou's `X-Jelou-Signature`). */
  sign?: (rawBody: Buffer) => Record<string, string>;
  /** Attempts per delivery, the first one included (at least 1). */
  attempts: number;
  retryDelayMs: number;
  /** How long one attempt may take, answer included; a timeout is retried like a network error. */
  timeoutMs: number;
  now?: () => number;
}

export interface WebhookEvent {
  /** What the log calls it: Rocket.Chat's `type`, Jelou's `event`. */
  name: string;
  /** Serialised once, when sent: later changes to the simulator's state do not reach it. */
  body: unknown;
  /** Told the receiver's answer once delivered (Rocket.Chat keeps it as the room's `crmData`). */
  onDelivered?: (answer: string) => void;
}

export type AttemptOutcome =
  /** HTTP 200. */
  | 'delivered'
  /** 5xx, 429, a network error or a timeout, with attempts left. */
  | 'will-retry'
  /** The same on the last attempt. */
  | 'gave-up'
  /** Any other status: not retried. */
  | 'rejected'
  /** `url()` said there is no receiver. */
  | 'no-receiver'
  /** The sender closed first; attempt 0 means it was never attempted. */
  | 'cancelled';

/** One attempt of one delivery. Never holds headers or the URL's path, which may carry a secret. */
export interface DeliveryAttempt {
  /** 1, 2, … in the order the events were sent; the attempts of one delivery share it. */
  delivery: number;
  event: string;
  attempt: number;
  /** ISO time the attempt ended. */
  at: string;
  /** The receiver's scheme, host and port. */
  origin?: string;
  status?: number;
  error?: string;
  outcome: AttemptOutcome;
}

interface QueuedDelivery {
  id: number;
  event: WebhookEvent;
  raw: Buffer;
}

type PostResult = { status: number; answer: string | undefined } | { error: string };

/** The log keeps the latest attempts only, so a long-running simulator does not grow without bound. */
const LOG_LIMIT = 1000;
/** How much of the receiver's answer is kept (Rocket.Chat stores it in the room). */
const ANSWER_LIMIT = 64 * 1024;

export class WebhookSender {
  private readonly queue: QueuedDelivery[] = [];
  private readonly log: DeliveryAttempt[] = [];
  private readonly idleWaiters: Array<() => void> = [];
  private sequence = 0;
  private pumping = false;
  private closed = false;
  private inFlight: ClientRequest | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopWaiting: (() => void) | undefined;

  constructor(private readonly options: WebhookSenderOptions) {
    if (!Number.isInteger(options.attempts) || options.attempts < 1) throw new Error('attempts must be an integer of at least 1');
  }

  /** Queues one delivery; returns at once. After `close()` the event is logged `cancelled`. */
  send(event: WebhookEvent): void {
    const delivery = { id: (this.sequence += 1), event, raw: Buffer.from(JSON.stringify(event.body) ?? 'null') };
    if (this.closed) return this.record(delivery, 0, { outcome: 'cancelled' });
    this.queue.push(delivery);
    void this.pump();
  }

  /** Every attempt so far (the latest 1000), oldest first. */
  deliveries(): DeliveryAttempt[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** Deliveries queued or in progress. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once nothing is queued or in progress (at once when idle). */
  idle(): Promise<void> {
    if (!this.pumping && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops for good: no more attempts, no timer left, the delivery in flight cut. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopWaiting?.();
    this.inFlight?.destroy(new Error('the simulator closed'));
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    for (let next = this.queue[0]; next && !this.closed; next = this.queue[0]) {
      await this.deliver(next);
      this.queue.shift();
    }
    // Left over when closed: never attempted.
    for (const delivery of this.queue.splice(0)) this.record(delivery, 0, { outcome: 'cancelled' });
    this.pumping = false;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** Every attempt of one delivery, until one settles it; never throws. */
  private async deliver(delivery: QueuedDelivery): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const url = this.options.url();
      if (url === undefined) return this.record(delivery, attempt, { outcome: 'no-receiver' });
      const origin = originOf(url);
      const result = await this.post(url, delivery.raw);
      const seen = 'status' in result ? { origin, status: result.status } : { origin, error: result.error };
      if (this.closed) return this.record(delivery, attempt, { ...seen, outcome: 'cancelled' });
      if ('status' in result && result.status === 200) {
        this.record(delivery, attempt, { ...seen, outcome: 'delivered' });
        if (result.answer !== undefined) delivery.event.onDelivered?.(result.answer);
        return;
      }
      if ('status' in result && !isRetryable(result.status)) return this.record(delivery, attempt, { ...seen, outcome: 'rejected' });
      if (attempt >= this.options.attempts) return this.record(delivery, attempt, { ...seen, outcome: 'gave-up' });
      this.record(delivery, attempt, { ...seen, outcome: 'will-retry' });
      await this.waitToRetry();
      if (this.closed) return this.record(delivery, attempt + 1, { outcome: 'cancelled' });
    }
  }

  private waitToRetry(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.retryTimer = undefined;
        this.stopWaiting = undefined;
        resolve();
      };
      this.stopWaiting = done;
      this.retryTimer = setTimeout(done, this.options.retryDelayMs);
    });
  }

  /** One POST; its status and answer, or what went wrong on the way (never rejects). */
  private post(url: string, raw: Buffer): Promise<PostResult> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve({ error: 'the webhook URL is not a valid URL' });
    }
    const headers: OutgoingHttpHeaders = {
      ...this.options.headers,
      ...this.options.sign?.(raw),
      'content-type': 'application/json',
      'content-length': raw.length,
    };
    return new Promise((resolve) => {
      // A connection per delivery (no keep-alive pool): nothing stays open between events.
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(target, { method: 'POST', headers, agent: false });
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      let settled = false;
      const settle = (result: PostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight = undefined;
        resolve(result);
      };
      this.inFlight = req;
      req.on('error', (error) => settle({ error: error.message }));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < ANSWER_LIMIT) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => settle({ status, answer: Buffer.concat(chunks).toString('utf8').slice(0, ANSWER_LIMIT) }));
        // The status counts even when the answer is cut short (the real server decides on the status line).
        res.on('close', () => settle({ status, answer: undefined }));
        res.on('error', () => settle({ status, answer: undefined }));
      });
      req.end(raw);
    });
  }

  private record(delivery: QueuedDelivery, attempt: number, fields: Pick<DeliveryAttempt, 'outcome' | 'origin' | 'status' | 'error'>): void {
    const at = new Date((this.options.now ?? Date.now)()).toISOString();
    this.log.push({ delivery: delivery.id, event: delivery.event.name, attempt, at, ...fields });
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }
}

/** Rocket.Chat's rule: server errors and rate limiting are worth another try, other refusals are not. */
export function isRetryable(status: number): boolean {
  return status >= 500 || status === 429;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
