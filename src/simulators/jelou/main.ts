import { ConfigError, loadSimulatorConfig } from '../../config.js';
import { startJelouSimulator } from './server.js';

/** Runs the Jelou simulator on its own, for people who want to poke at it with curl. */
async function run(): Promise<void> {
  const config = loadSimulatorConfig();
  const simulator = await startJelouSimulator({ port: config.jelouPort, host: '127.0.0.1' });
  const { clientId, clientSecret } = simulator.credentials;
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
  // Printing the secret is the point here: it belongs to this throw-away simulator, not to a real platform.
  process.stdout.write(
    [
      `Jelou simulator listening at ${simulator.url}`,
      `Client id: ${clientId}`,
      `Client secret: ${clientSecret}`,
      `Try: curl -X POST -H "Authorization: Basic ${basic}" -H "Content-Type: application/json" \\`,
      `       -d '{"user":{"id":"web-0001","names":"Ana Acosta"}}' "${simulator.url}/v1/widget/user"`,
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
