import { createClient } from '@redis/client';
import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import { EventBusUnavailableError } from './errors.js';
import type { GatewayEvent } from './model.js';
import { reconnectDelay, withTimeout } from '../redis-kit.js';
import { connectionLog, credentialsOf, redactedReason } from './redis-connection-log.js';
import type { Deliver, EventTransport } from './transport.js';
import type { EventsRedisClient, EventsRedisClientFactory, PublishOutcome } from './types.js';
import { decodeEvent, encodeEvent } from './wire-format.js';

export interface RedisTransportOptions {
  url: URL;
  logger: Logger;
  namespace: string;
  dedupeWindowMs: number;
  connectTimeoutMs: number;
  publishTimeoutMs: number;
  createClient: EventsRedisClientFactory;
  deliver: Deliver;
}

/**
 * Marks the event seen and publishes it, or does neither when it was seen within the window.
 *
 * One script rather than `SET … NX PX` then `PUBLISH` from here: Redis runs a script as a unit, so the
 * mark exists if and only if the event went out. Two commands could leave the mark set with the PUBLISH
 * lost (the connection drops in between), and the platform's retry would then be taken for a duplicate
 * and dropped; a compensating DEL would need the very connection that just failed. MULTI cannot help
 * (it has no "only if the SET succeeded"). Redis does not roll a script back when a command in it fails,
 * so a PUBLISH that fails (say, an ACL forbidding the channel) removes the mark itself.
 *
 * If the script ran but its answer was lost, publish rejects, the platform retries, and the retry is a
 * duplicate — rightly: the event did go out.
 */
const PUBLISH_UNLESS_SEEN = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
  return 0
end
local published = redis.pcall('PUBLISH', ARGV[2], ARGV[3])
if type(published) == 'table' and published.err then
  redis.call('DEL', KEYS[1])
  return published
end
return 1`;

/**
 * Every replica's subscribers get every event once: the publishing replica does not deliver its own
 * events directly, its subscribers get them back from Redis like everyone else's. Two connections:
 * one for commands (a connection in subscriber mode can run no other command), one subscribed to the
 * channel. Both reconnect with a backoff; commands never wait for a connection (`disableOfflineQueue`)
 * so a publish during an outage fails at once and the platform retries later.
 */
export function redisTransport(options: RedisTransportOptions): EventTransport {
  const { url, logger, namespace } = options;
  const channel = `${namespace}:events`;
  const clientOptions = {
    url: url.toString(),
    disableOfflineQueue: true,
    socket: { connectTimeout: options.connectTimeoutMs, reconnectStrategy: reconnectDelay },
  };
  // The same as `commands.duplicate()`, but through the factory so tests see both clients.
  const commands = options.createClient(clientOptions);
  const subscriber = options.createClient(clientOptions);
  const secrets = credentialsOf(url);
  // Only the host is ever logged: the URL may carry a password.
  const where = { host: url.host };
  const commandsLog = connectionLog(logger, { ...where, connection: 'publish' }, url, {
    connected: 'Event bus connected to Redis (publishing)',
    unavailable: 'Event bus unavailable: webhook deliveries are refused (503, the platforms retry) until Redis is back',
    restored: 'Event bus available again (publishing)',
  });
  const subscriberLog = connectionLog(logger, { ...where, connection: 'subscribe' }, url, {
    connected: 'Event bus connected to Redis (subscribed)',
    unavailable: "Event bus subscription lost: this replica's subscribers receive no events until Redis is back",
    restored: 'Event bus available again (subscribed)',
  });

  const onMessage = (message: string) => {
    const event = decodeEvent(message);
    // Never the message itself in the log: events carry visitors' names and addresses.
    if (event) options.deliver(event);
    else logger.debug({ channel, bytes: Buffer.byteLength(message) }, 'Event bus: ignored a message that is not an event');
  };

  // node-redis resubscribes by itself after a reconnection, but only to channels whose SUBSCRIBE was
  // answered; one lost with its connection is sent again on the next 'ready'.
  let subscribed = false;
  let subscribing = false;
  let closing = false;
  const subscribe = () => {
    if (subscribed || subscribing || closing) return;
    subscribing = true;
    subscriber
      .subscribe(channel, onMessage)
      .then(
        () => (subscribed = true),
        (error: unknown) => subscriberLog.failed(error),
      )
      .finally(() => (subscribing = false));
  };

  // Without an 'error' listener node-redis would crash the process on the first connection error.
  commands.on('error', (error: unknown) => commandsLog.failed(error));
  commands.on('ready', () => commandsLog.ready());
  subscriber.on('error', (error: unknown) => subscriberLog.failed(error));
  subscriber.on('ready', () => {
    subscriberLog.ready();
    subscribe();
  });
  // Not awaited: the hub is usable at once, publishing fails until Redis answers.
  commands.connect().catch((error: unknown) => commandsLog.failed(error));
  subscriber.connect().catch((error: unknown) => subscriberLog.failed(error));

  return {
    async publish(event: GatewayEvent): Promise<PublishOutcome> {
      const key = `${namespace}:events:dedupe:${event.tenant}:${sha256(event.dedupeKey)}`;
      const window = String(options.dedupeWindowMs);
      let reply: unknown;
      try {
        // Sent before the first await: commands leave in call order, which keeps publish order.
        const sent = commands.eval(PUBLISH_UNLESS_SEEN, { keys: [key], arguments: [window, channel, encodeEvent(event)] });
        reply = await withTimeout(sent, options.publishTimeoutMs);
      } catch (error) {
        commandsLog.failed(error);
        throw new EventBusUnavailableError(`The event bus (Redis) did not take the event: ${redactedReason(error, secrets)}`, { cause: error });
      }
      commandsLog.answered();
      return reply === 1 ? 'published' : 'duplicate';
    },
    state: () => ({
      mode: 'redis',
      connected: commands.isReady && !commandsLog.down() && subscriber.isReady && subscribed,
    }),
    async close() {
      closing = true;
      await Promise.all([stop(commands, options.publishTimeoutMs), stop(subscriber, options.publishTimeoutMs)]);
    },
  };
}

/** Lets commands already sent get their answers (QUIT), within a bound; else just drops the connection. */
async function stop(client: EventsRedisClient, timeoutMs: number): Promise<void> {
  if (client.isReady) {
    try {
      await withTimeout(client.quit(), timeoutMs);
      return;
    } catch {
      // not answering: disconnect below
    }
  }
  if (client.isOpen) await client.disconnect().catch(() => undefined);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The client factory of production (tests inject their own through `createRedisClient`). */
export { createClient };
