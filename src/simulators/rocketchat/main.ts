import { rocketChatSimulatorVariables } from '../../platforms/rocketchat/settings.js';
import { runStandalone } from '../standalone.js';
import { startRocketChatSimulator } from './server.js';

runStandalone(
  rocketChatSimulatorVariables,
  (vars) =>
    startRocketChatSimulator({
      port: vars.ROCKETCHAT_SIMULATOR_PORT,
      host: '127.0.0.1',
      version: vars.ROCKETCHAT_SIMULATOR_VERSION,
      ...(vars.ROCKETCHAT_SIMULATOR_TOKEN !== undefined && { serviceToken: vars.ROCKETCHAT_SIMULATOR_TOKEN }),
    }),
  ({ url, serviceAccount: { userId, authToken } }) => [
    `Rocket.Chat simulator listening at ${url}`,
    `Try: curl -H "X-User-Id: ${userId}" -H "X-Auth-Token: ${authToken}" "${url}/api/v1/livechat/users/agent?count=5"`,
  ],
);
