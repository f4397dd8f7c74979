import type * as Simulator from '../../simulators/rocketchat/server.js';
import type { PlatformDefinition } from '../platform.js';
import { rocketChatWebhook } from './webhook.js';
import { simulatorModule } from '../simulator-module.js';
import type { RocketChatClient } from './client.js';
import { createRocketChatClient, type RocketChatConnection } from './index.js';
import { ROCKETCHAT } from './name.js';
import { RocketChatSession } from './session.js';
import { rocketChatSettings, type RocketChatEntry, type RocketChatSettings } from './settings.js';

/** Rocket.Chat's Livechat agents and managers (shared/upstreams/rocketchat.md). */
export const rocketChatPlatform: PlatformDefinition<'rocketchat', RocketChatSettings, RocketChatEntry, RocketChatConnection, RocketChatClient, RocketChatSession> = {
  name: ROCKETCHAT,
  settings: rocketChatSettings,
  async connect(settings, tools) {
    if (settings.mode === 'remote') {
      const { url, userId, authToken, maxConnections } = settings;
      return { url, credentials: { userId, authToken }, dispatcher: tools.pool(url.origin, maxConnections) };
    }
    const simulator = await simulatorModule<typeof Simulator>(ROCKETCHAT.id).startRocketChatSimulator({
      faults: [...tools.simulatorFaults],
      // Its Omnichannel events go to this gateway's receiver for the default tenant, once the gateway listens
      // (dropped before that), with the token the receiver checks; retried as the real server does (5 × 20 s).
      webhook: {
        url: () => {
          const origin = tools.gatewayOrigin();
          return origin === undefined ? undefined : `${origin}/webhooks/rocketchat/default`;
        },
        token: settings.webhookToken,
      },
    });
    tools.onClose(() => simulator.close());
    tools.announce('ROCKETCHAT_URL', simulator.url);
    return { url: new URL(simulator.url), credentials: simulator.serviceAccount, dispatcher: tools.pool(simulator.url, settings.maxConnections) };
  },
  createClient: (connection, tools) => createRocketChatClient(connection, tools.logger, tools.resilience, tools.observe),
  webhook: rocketChatWebhook,
  createSession: (client, scope) => new RocketChatSession(client, scope),
};

