import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { parseCorsOrigins } from '../../src/config/cors-origins';
import { CORS_ALLOWED_HEADERS, createCorsHandler, type CorsOptions } from '../../src/endpoint/cors';

/** A server that applies the CORS handler and answers "ran" when the request got past it. */
async function serve(options: CorsOptions): Promise<{ url: string; server: Server }> {
  const cors = createCorsHandler(options);
  const server = createServer((req, res) => {
    void cors(req, res).then((answered) => {
      if (!answered) res.end('ran');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server };
}

const PREFLIGHT = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' };

async function send(url: string, method: 'GET' | 'POST' | 'OPTIONS', headers: Record<string, string>) {
  const answer = await request(url, { method, headers });
  return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
}

describe('createCorsHandler', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));
  const start = async (options: CorsOptions) => {
    const { url, server } = await serve(options);
    servers.push(server);
    return url;
  };

  describe('with exact origins', () => {
    let url: string;
    beforeAll(async () => {
      url = await start({ origins: ['https://app.example.com', 'http://localhost:3000'] });
    });

    it('answers a preflight from an allowed origin itself (204, nothing run) with the allowed methods and headers', async () => {
      const answer = await send(url, 'OPTIONS', { origin: 'https://app.example.com', ...PREFLIGHT });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expect(answer.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(answer.headers['access-control-allow-methods']).toBe('GET,POST,OPTIONS');
      expect(String(answer.headers['access-control-allow-headers']).split(',')).toEqual([...CORS_ALLOWED_HEADERS]);
      expect(answer.headers['access-control-max-age']).toBe('600');
      expect(answer.headers.vary).toContain('Origin');
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('gives a preflight from another origin no Access-Control-Allow-Origin, so the browser stops there', async () => {
      const answer = await send(url, 'OPTIONS', { origin: 'https://evil.example', ...PREFLIGHT });
      expect(answer.status).toBe(204);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('marks actual responses for allowed origins, exposes Retry-After, WWW-Authenticate and X-Request-Id, and lets the request run', async () => {
      const answer = await send(url, 'POST', { origin: 'http://localhost:3000' });
      expect(answer.text).toBe('ran');
      expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:3000');
      expect(answer.headers['access-control-expose-headers']).toBe('retry-after,www-authenticate,x-request-id');
      expect(answer.headers.vary).toBe('Origin');
    });

    it('matches origins exactly: no prefix, suffix or scheme tricks', async () => {
      for (const origin of ['https://app.example.com.evil.example', 'http://app.example.com', 'https://app.example.com:8443', 'null']) {
        const answer = await send(url, 'GET', { origin });
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });

  describe('with any origin (*)', () => {
    it('allows every origin with a literal * and still says Vary: Origin', async () => {
      const url = await start({ origins: '*', maxAgeSeconds: 60 });
      const preflight = await send(url, 'OPTIONS', { origin: 'https://studio.apollographql.com', ...PREFLIGHT });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('*');
      expect(preflight.headers['access-control-max-age']).toBe('60');
      expect(preflight.headers.vary).toBe('Origin');
      const actual = await send(url, 'GET', { origin: 'http://localhost:5173' });
      expect(actual.text).toBe('ran');
      expect(actual.headers['access-control-allow-origin']).toBe('*');
      expect(actual.headers.vary).toBe('Origin');
    });
  });

  describe('closed (no origins)', () => {
    it('answers preflights without letting any origin in', async () => {
      const url = await start({ origins: [] });
      const preflight = await send(url, 'OPTIONS', { origin: 'https://app.example.com', ...PREFLIGHT });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const actual = await send(url, 'POST', { origin: 'https://app.example.com' });
      expect(actual.text).toBe('ran');
      expect(actual.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('parseCorsOrigins', () => {
  it('reads *, a list of exact origins, or nothing', () => {
    expect(parseCorsOrigins('*')).toEqual({ origins: '*' });
    expect(parseCorsOrigins(' * ')).toEqual({ origins: '*' });
    expect(parseCorsOrigins('https://app.example.com, http://localhost:3000')).toEqual({ origins: ['https://app.example.com', 'http://localhost:3000'] });
    expect(parseCorsOrigins('')).toEqual({ origins: [] });
  });

  it.each([
    ['https://app.example.com/', 'a trailing slash'],
    ['https://app.example.com/graphql', 'a path'],
    ['app.example.com', 'no scheme'],
    ['https://*.example.com', 'a wildcard'],
    ['ftp://files.example.com', 'a scheme other than http(s)'],
    ['HTTPS://APP.EXAMPLE.COM', 'not the origin’s canonical spelling'],
    ['*, https://app.example.com', '* among other origins'],
  ])('refuses %s (%s)', (text) => {
    const parsed = parseCorsOrigins(text);
    expect('problems' in parsed && parsed.problems.length).toBeGreaterThan(0);
  });
});
