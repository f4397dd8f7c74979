import { imiSimulatorVariables } from '../../platforms/imi/settings.js';
import { runStandalone } from '../standalone.js';
import { startImiSimulator } from './server.js';

runStandalone(
  imiSimulatorVariables,
  (vars) => startImiSimulator({ port: vars.IMI_SIMULATOR_PORT, host: '127.0.0.1' }),
  ({ url, apiKey, domain, teamId, accessToken }) => {
    const credential = Buffer.from(`${apiKey}@${domain}`).toString('base64');
    return [
      `IMI simulator listening at ${url}`,
      `API key: ${apiKey}   domain: ${domain}   team id: ${teamId}`,
      `Static access token: ${accessToken}`,
      `Mint a token:  curl -i -H "key: ${credential}" "${url}/v3.1/authorize"`,
      `Fetch a user:  curl -H "access_token: ${accessToken}" -H "teamid: ${teamId}" "${url}/v3.1/users/5001"`,
      `Search:        curl -X POST -H "access_token: ${accessToken}" -H "teamid: ${teamId}" -H "content-type: application/json" \\`,
      `                 -d '{"filters":{"status":{"eq":"active"}}}' "${url}/v3.1/users/search?page=1"`,
    ];
  },
);
