import { jelouSimulatorVariables } from '../../platforms/jelou/settings.js';
import { runStandalone } from '../standalone.js';
import { startJelouSimulator } from './server.js';

runStandalone(
  jelouSimulatorVariables,
  (vars) => startJelouSimulator({ port: vars.JELOU_SIMULATOR_PORT, host: '127.0.0.1' }),
  ({ url, credentials: { clientId, clientSecret } }) => {
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    return [
      `Jelou simulator listening at ${url}`,
      `Client id: ${clientId}`,
      `Client secret: ${clientSecret}`,
      `Try: curl -X POST -H "Authorization: Basic ${basic}" -H "Content-Type: application/json" \\`,
      `       -d '{"user":{"id":"web-0001","names":"Ana Acosta"}}' "${url}/v1/widget/user"`,
    ];
  },
);
