import { ConfigError, loadSimulatorConfig } from '../../config.js';
import { startImiSimulator } from './server.js';

/** Runs the IMI (Webex Engage) simulator on its own, for people who want to poke at it with curl. */
async function run(): Promise<void> {
  const config = loadSimulatorConfig();
  const simulator = await startImiSimulator({ port: config.imiPort, host: '127.0.0.1' });
  const { url, apiKey, domain, teamId, accessToken } = simulator;
  const credential = Buffer.from(`${apiKey}@${domain}`).toString('base64');
  // Printing credentials is the point here: they belong to this throw-away simulator, not to a real tenant.
  process.stdout.write(
    [
      `IMI simulator listening at ${url}`,
      `API key: ${apiKey}   domain: ${domain}   team id: ${teamId}`,
      `Static access token: ${accessToken}`,
      `Mint a token:  curl -i -H "key: ${credential}" "${url}/v3.1/authorize"`,
      `Fetch a user:  curl -H "access_token: ${accessToken}" -H "teamid: ${teamId}" "${url}/v3.1/users/5001"`,
      `Search:        curl -X POST -H "access_token: ${accessToken}" -H "teamid: ${teamId}" -H "content-type: application/json" \\`,
      `                 -d '{"filters":{"status":{"eq":"active"}}}' "${url}/v3.1/users/search?page=1"`,
      '',
    ].join('\n'),
  );
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
