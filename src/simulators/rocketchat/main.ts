import { rocketChatSimulatorVariables } from '../../platforms/rocketchat/settings.js';
import { runStandalone } from '../standalone.js';
import { startRocketChatSimulator } from './server.js';

/** Where the Omnichannel webhook events go; the start-up lines show it without its query (nor the token). */
let webhookUrl: string | undefined;

runStandalone(
  rocketChatSimulatorVariables,
  (vars) => {
    webhookUrl = vars.ROCKETCHAT_SIMULATOR_WEBHOOK_URL;
    return startRocketChatSimulator({
      port: vars.ROCKETCHAT_SIMULATOR_PORT,
      host: '127.0.0.1',
      version: vars.ROCKETCHAT_SIMULATOR_VERSION,
      ...(vars.ROCKETCHAT_SIMULATOR_TOKEN !== undefined && { serviceToken: vars.ROCKETCHAT_SIMULATOR_TOKEN }),
      ...(webhookUrl !== undefined && {
        webhook: { url: () => webhookUrl, token: vars.ROCKETCHAT_SIMULATOR_WEBHOOK_TOKEN, retryDelayMs: vars.ROCKETCHAT_SIMULATOR_WEBHOOK_RETRY_MS },
      }),
    });
  },
  ({ url, serviceAccount: { userId, authToken } }) => [
    `Rocket.Chat simulator listening at ${url}`,
    `Try: curl -H "X-User-Id: ${userId}" -H "X-Auth-Token: ${authToken}" "${url}/api/v1/livechat/users/agent?count=5"`,
    webhookUrl === undefined
      ? 'Omnichannel webhook: none (set ROCKETCHAT_SIMULATOR_WEBHOOK_URL to receive Livechat events)'
      : `Omnichannel webhook: events go to ${new URL(webhookUrl).origin}${new URL(webhookUrl).pathname}`,
    `Start a Livechat session (sends LivechatSessionStart and LivechatSessionQueued):`,
    `  curl -X POST -H "Content-Type: application/json" -d '{"visitor":{"name":"Ana"},"text":"Hello"}' "${url}/__livechat/sessions"`,
  ],
);
