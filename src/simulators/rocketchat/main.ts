import { startRocketChatSimulator } from './server.js';

/**
 * Runs the Rocket.Chat simulator on its own, for people who want to poke at it with curl.
 * ROCKETCHAT_SIMULATOR_PORT (default 3100) and ROCKETCHAT_SIMULATOR_TOKEN (default: random) are read
 * here because this script is a separate tool, not the gateway.
 */
async function run(): Promise<void> {
  const port = Number(process.env.ROCKETCHAT_SIMULATOR_PORT ?? 3100);
  const simulator = await startRocketChatSimulator({
    port,
    host: '127.0.0.1',
    ...(process.env.ROCKETCHAT_SIMULATOR_TOKEN && { serviceToken: process.env.ROCKETCHAT_SIMULATOR_TOKEN }),
  });
  const { userId, authToken } = simulator.serviceAccount;
  process.stdout.write(
    [
      `Rocket.Chat simulator listening at ${simulator.url}`,
      `Service account: X-User-Id: ${userId}`,
      `Try: curl -H "X-User-Id: ${userId}" -H "X-Auth-Token: ${authToken}" ${simulator.url}/api/v1/livechat/users/agent?count=5`,
      '',
    ].join('\n'),
  );
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void run();
