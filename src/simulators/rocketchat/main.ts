import { runStandalone } from '../standalone.js';
import { startRocketChatSimulator } from './server.js';

runStandalone(
  (config) =>
    startRocketChatSimulator({
      port: config.port,
      host: '127.0.0.1',
      ...(config.serviceToken !== undefined && { serviceToken: config.serviceToken }),
    }),
  ({ url, serviceAccount: { userId, authToken } }) => [
    `Rocket.Chat simulator listening at ${url}`,
    `Try: curl -H "X-User-Id: ${userId}" -H "X-Auth-Token: ${authToken}" "${url}/api/v1/livechat/users/agent?count=5"`,
  ],
);
