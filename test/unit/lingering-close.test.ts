import { createServer, request, type Server } from 'node:http';
import type { AdmissionRequest } from '../../src/access/admission';
import { connect, type AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { Agent, request as undiciRequest } from 'undici';
import type { AuthResult } from '../../src/access/authenticator';
import { ANONYMOUS_CALLER } from '../../src/access/caller';
import type { GatewayContext } from '../../src/context';
import { attachEndpoint } from '../../src/endpoint/request-listener';
import { capturingLogger } from '../support/logger';

/**
 * Early refusals (413, 401, 415, 404) answer before reading the body. A client still sending must get to
 * read that answer rather than fail with EPIPE on a reset connection: the endpoint keeps reading and
 * discarding the body for a bounded time (nginx's lingering close), then cuts a client that never ends.
 */

const LIMIT = 1024;
const BIG = 8 * 1024 * 1024;

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

async function startEndpoint(lingerMs: number, authenticate?: (req: AdmissionRequest) => Promise<AuthResult>): Promise<string> {
  const apollo = new ApolloServer<GatewayContext>({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
  await apollo.start();
  const server: Server = createServer();
  attachEndpoint(server, {
    apollo,
    logger: capturingLogger().logger,
    maxBodyBytes: LIMIT,
    lingerMs,
    readiness: () => ({ ready: true, body: {} }),
    contextFor: () => ({}) as GatewayContext,
    authenticate,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await apollo.stop();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Upload {
  status: number | undefined;
  body: string;
  /** The first error the client saw while sending or reading (EPIPE, ECONNRESET …). */
  error: NodeJS.ErrnoException | undefined;
  /** Bytes of the body the client wrote (Node's client stops by itself once it has read a closing answer). */
  written: number;
}

/** Sends `size` bytes in 64 KiB chunks as fast as the socket takes them, reading the answer as it comes. */
function upload(url: string, headers: Record<string, string>, size: number, options: { stopAfter?: number } = {}): Promise<Upload> {
  return new Promise((resolve) => {
    const result: Upload = { status: undefined, body: '', error: undefined, written: 0 };
    let responded = false;
    let sent = false;
    const finish = () => responded && sent && resolve(result);
    const req = request(url, { method: 'POST', headers, agent: false });
    req.on('response', (res) => {
      result.status = res.statusCode;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (result.body += chunk));
      res.on('end', () => {
        responded = true;
        finish();
      });
      res.on('error', () => undefined);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      result.error ??= error;
      responded = sent = true;
      finish();
    });
    req.on('close', () => {
      responded = sent = true;
      finish();
    });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const limit = options.stopAfter ?? size;
    const write = () => {
      while (result.written < limit) {
        result.written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (options.stopAfter === undefined) req.end(() => ((sent = true), finish()));
    };
    write();
  });
}

const json = { 'content-type': 'application/json' };

describe('lingering close of refused requests', () => {
  it.each<[string, Record<string, string>]>([
    ['413 for a declared length over the limit', { ...json, 'content-length': String(BIG) }],
    ['413 for a chunked body that grows over the limit', { ...json, 'transfer-encoding': 'chunked' }],
    ['415 for a body that is not JSON', { 'content-type': 'text/plain', 'content-length': String(BIG) }],
  ])('lets a client sending 8 MiB finish and read the %s', async (_name, headers) => {
    const url = await startEndpoint(5_000);
    const answer = await upload(`${url}/graphql`, headers, BIG);
    expect(answer.error).toBeUndefined();
    expect(answer.status).toBe(headers['content-type'] === 'text/plain' ? 415 : 413);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('lets a client without credentials finish sending and read the 401', async () => {
    const url = await startEndpoint(5_000, () => Promise.resolve({ ok: false, reason: 'missing', detail: 'no header' }));
    const answer = await upload(`${url}/graphql`, { ...json, 'content-length': String(BIG) }, BIG);
    expect(answer.error).toBeUndefined();
    expect(answer.status).toBe(401);
  });

  it('lets a client posting to an unknown path finish and read the 404', async () => {
    const url = await startEndpoint(5_000, () => Promise.resolve({ ok: true, caller: ANONYMOUS_CALLER }));
    const answer = await upload(`${url}/upload`, { ...json, 'content-length': String(BIG) }, BIG);
    expect(answer.error).toBeUndefined();
    expect(answer.status).toBe(404);
  });

  it('waits for a client that stops sending, then cuts it once the linger time is over', async () => {
    const url = new URL(await startEndpoint(300));
    // A raw socket: Node's own client would close the connection itself once it has read the answer.
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const started = Date.now();
    socket.write(`POST /graphql HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\ncontent-length: ${BIG}\r\n\r\n`);
    socket.write(Buffer.alloc(256 * 1024, 'x'));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    // The client never finished its body and never closed: the server waited for it, then cut it off.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('keeps a keep-alive connection usable once the refused body has been read', async () => {
    const url = await startEndpoint(5_000);
    const agent = new Agent({ connections: 1, pipelining: 0 });
    try {
      const refused = await undiciRequest(`${url}/graphql`, { dispatcher: agent, method: 'POST', headers: json, body: Buffer.alloc(2 * 1024 * 1024, ' ') });
      await refused.body.text();
      expect(refused.statusCode).toBe(413);
      const next = await undiciRequest(`${url}/graphql`, { dispatcher: agent, method: 'POST', headers: json, body: JSON.stringify({ query: '{ ok }' }) });
      expect(await next.body.json()).toEqual({ data: { ok: true } });
    } finally {
      await agent.close();
    }
  });
});

describe('Expect: 100-continue', () => {
  /** Sends the headers with `Expect: 100-continue`, then the body only when told to continue. */
  function expecting(url: string, body: Buffer): Promise<{ status: number | undefined; continued: boolean; text: string }> {
    return new Promise((resolve, reject) => {
      let continued = false;
      const req = request(`${url}/graphql`, { method: 'POST', agent: false, headers: { ...json, expect: '100-continue', 'content-length': String(body.length) } });
      req.on('continue', () => {
        continued = true;
        req.end(body);
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode, continued, text }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
  }

  it('answers a declared body over the limit with 413 at once, never telling the client to send it', async () => {
    const answer = await expecting(await startEndpoint(5_000), Buffer.alloc(BIG, 'x'));
    expect(answer).toMatchObject({ status: 413, continued: false });
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('tells a client whose body fits to continue, and serves it', async () => {
    const answer = await expecting(await startEndpoint(5_000), Buffer.from(JSON.stringify({ query: '{ ok }' })));
    expect(answer).toMatchObject({ status: 200, continued: true });
    expect(JSON.parse(answer.text)).toEqual({ data: { ok: true } });
  });
});
