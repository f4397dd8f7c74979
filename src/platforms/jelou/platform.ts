import type * as Simulator from '../../simulators/jelou/server.js';
import type { PlatformDefinition } from '../platform.js';
import { jelouWebhook } from './webhook.js';
import { simulatorModule } from '../simulator-module.js';
import type { JelouClient } from './client.js';
import { createJelouClient, type JelouConnection } from './index.js';
import { JELOU } from './name.js';
import { JelouSession } from './session.js';
import { jelouSettings, type JelouEntry, type JelouSettings } from './settings.js';

/** Jelou's widget users and their rooms (shared/upstreams/jelou.md). */
export const jelouPlatform: PlatformDefinition<'jelou', JelouSettings, JelouEntry, JelouConnection, JelouClient, JelouSession> = {
  name: JELOU,
  settings: jelouSettings,
  async connect(settings, tools) {
    if (settings.mode === 'remote') {
      const { url, clientId, clientSecret, authScheme, maxConnections } = settings;
      return { url, credentials: { clientId, clientSecret }, authScheme, dispatcher: tools.pool(url.origin, maxConnections) };
    }
    // Only the configured scheme is accepted, so a wrong JELOU_AUTH_SCHEME shows up against the simulator too.
    const simulator = await simulatorModule<typeof Simulator>(JELOU.id).startJelouSimulator({
      faults: [...tools.simulatorFaults],
      acceptedAuthSchemes: [settings.authScheme],
      // Its widget webhooks go to this gateway's receiver for the default tenant (the path secret and,
      // when set, the signature the receiver checks), once the gateway listens; dropped before that.
      webhook: {
        url: () => {
          const origin = tools.gatewayOrigin();
          return origin === undefined ? undefined : `${origin}/webhooks/jelou/default/${settings.webhookSecret}`;
        },
        signingSecret: settings.webhookSigningSecret,
      },
    });
    tools.onClose(() => simulator.close());
    tools.announce('JELOU_URL', simulator.url);
    return {
      url: new URL(simulator.url),
      credentials: simulator.credentials,
      authScheme: settings.authScheme,
      dispatcher: tools.pool(simulator.url, settings.maxConnections),
    };
  },
  createClient: (connection, tools) => createJelouClient(connection, tools.logger, tools.resilience, tools.observe),
  webhook: jelouWebhook,
  createSession: (client, scope) => new JelouSession(client, scope),
};

