import { ConfigError, loadConfig } from '../../src/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('serves the simulator on port 4000 with nothing configured', () => {
    expect(loadConfig({})).toEqual({
      environment: 'development',
      port: 4000,
      host: undefined,
      logLevel: 'info',
      requestTimeoutMs: 10_000,
      maxBodyBytes: 1_048_576,
      developerTools: true,
      rocketchat: { mode: 'simulator', maxConnections: 32 },
    });
  });

  it('talks to a real Rocket.Chat when its URL and credentials are set', () => {
    const config = loadConfig({
      PORT: '8080',
      ROCKETCHAT_URL: 'https://chat.example.com/base',
      ROCKETCHAT_USER_ID: 'svc',
      ROCKETCHAT_AUTH_TOKEN: 'tok',
      ROCKETCHAT_MAX_CONNECTIONS: '4',
    });
    expect(config.port).toBe(8080);
    expect(config.rocketchat).toEqual({
      mode: 'remote',
      url: new URL('https://chat.example.com/base'),
      userId: 'svc',
      authToken: 'tok',
      maxConnections: 4,
    });
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      GATEWAY_REQUEST_TIMEOUT_MS: '5',
      ROCKETCHAT_URL: 'ftp://chat.example.com',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^PORT /),
      expect.stringMatching(/^LOG_LEVEL /),
      expect.stringMatching(/^GATEWAY_REQUEST_TIMEOUT_MS /),
      expect.stringMatching(/^ROCKETCHAT_URL /),
      'ROCKETCHAT_USER_ID is required when ROCKETCHAT_URL is set',
      'ROCKETCHAT_AUTH_TOKEN is required when ROCKETCHAT_URL is set',
    ]);
  });

  it('never repeats a value in a problem, so secrets stay out of start-up errors', () => {
    const problems = problemsOf({ ROCKETCHAT_AUTH_TOKEN: 'sekr3t-token', ROCKETCHAT_URL: 'not a url sekr3t-token' });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).not.toContain('sekr3t');
  });

  it('refuses credentials without a URL, which would be silently ignored', () => {
    expect(problemsOf({ ROCKETCHAT_AUTH_TOKEN: 'x' })).toEqual([expect.stringContaining('need ROCKETCHAT_URL')]);
  });

  it('requires a real platform in production unless simulators are allowed explicitly', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringContaining('ROCKETCHAT_URL is required in production')]);
    const config = loadConfig({ NODE_ENV: 'production', GATEWAY_ALLOW_SIMULATORS: 'true' });
    expect(config.developerTools).toBe(false);
    expect(config.rocketchat.mode).toBe('simulator');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', ROCKETCHAT_URL: '' }).port).toBe(4000);
  });
});
