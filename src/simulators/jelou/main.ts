import { jelouSimulatorVariables } from '../../platforms/jelou/settings.js';
import { runStandalone } from '../standalone.js';
import { startJelouSimulator } from './server.js';

/** Where the widget webhooks go; the start-up lines show only its origin (its path holds the receiver's secret). */
let webhookUrl: string | undefined;

runStandalone(
  jelouSimulatorVariables,
  (vars) => {
    webhookUrl = vars.JELOU_SIMULATOR_WEBHOOK_URL;
    return startJelouSimulator({
      port: vars.JELOU_SIMULATOR_PORT,
      host: '127.0.0.1',
      ...(webhookUrl !== undefined && { webhook: { url: () => webhookUrl } }),
    });
  },
  ({ url, credentials: { clientId, clientSecret } }) => {
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    return [
      `Jelou simulator listening at ${url}`,
      `Client id: ${clientId}`,
      `Client secret: ${clientSecret}`,
      `Try: curl -X POST -H "Authorization: Basic ${basic}" -H "Content-Type: application/json" \\`,
      `       -d '{"user":{"id":"web-0001","names":"Ana Acosta"}}' "${url}/v1/widget/user"`,
      webhookUrl === undefined
        ? 'Widget webhooks: none (set JELOU_SIMULATOR_WEBHOOK_URL to receive user-new and the others)'
        : `Widget webhooks: events go to ${new URL(webhookUrl).origin}/…`,
      `Send one: curl -X POST -H "Content-Type: application/json" \\`,
      `       -d '{"event":"message:user","roomId":"<a user's roomId>","text":"Hi"}' "${url}/__widget/events"`,
    ];
  },
);
