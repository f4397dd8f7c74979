import type * as Simulator from '../../simulators/imi/server.js';
import type { PlatformDefinition } from '../platform.js';
import { simulatorModule } from '../simulator-module.js';
import type { ImiClient } from './client.js';
import { createImiClient, type ImiConnection } from './index.js';
import { IMI } from './name.js';
import { ImiSession } from './session.js';
import { imiSettings, type ImiEntry, type ImiSettings } from './settings.js';

/** IMI / Webex Engage Customer Care users (shared/upstreams/imi.md). */
export const imiPlatform: PlatformDefinition<'imi', ImiSettings, ImiEntry, ImiConnection, ImiClient, ImiSession> = {
  name: IMI,
  settings: imiSettings,
  async connect(settings, tools) {
    if (settings.mode === 'remote') {
      const { url, teamId, auth, headerNames, maxConnections } = settings;
      return { url, teamId, auth, headerNames, dispatcher: tools.pool(url.origin, maxConnections) };
    }
    const simulator = await simulatorModule<typeof Simulator>(IMI.id).startImiSimulator({ headerNames: settings.headerNames, faults: [...tools.simulatorFaults] });
    tools.onClose(() => simulator.close());
    tools.announce('IMI_URL', simulator.url);
    return {
      url: new URL(simulator.url),
      teamId: simulator.teamId,
      // The API-key flow, so that a fresh clone exercises token minting and refresh too.
      auth: { kind: 'api-key', apiKey: simulator.apiKey, domain: simulator.domain },
      headerNames: settings.headerNames,
      dispatcher: tools.pool(simulator.url, settings.maxConnections),
    };
  },
  createClient: (connection, tools) => createImiClient(connection, tools.logger, tools.resilience, tools.observe),
  createSession: (client, scope) => new ImiSession(client, scope),
};

