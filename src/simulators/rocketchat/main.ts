import { ConfigError, loadSimulatorConfig } from '../../config.js';
import { startRocketChatSimulator } from './server.js';

/** Runs the Rocket.Chat simulator on its own, for people who want to poke at it with curl. */
async function run(): Promise<void> {
  const config = loadSimulatorConfig();
  const simulator = await startRocketChatSimulator({
    port: config.port,
    host: '127.0.0.1',
    ...(config.serviceToken !== undefined && { serviceToken: config.serviceToken }),
  });
  const { userId, authToken } = simulator.serviceAccount;
  // Printing the token is the point here: it belongs to this throw-away simulator, not to a real platform.
  process.stdout.write(
    [
      `Rocket.Chat simulator listening at ${simulator.url}`,
      `Try: curl -H "X-User-Id: ${userId}" -H "X-Auth-Token: ${authToken}" "${simulator.url}/api/v1/livechat/users/agent?count=5"`,
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
