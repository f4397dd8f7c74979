import { inspect } from 'node:util';
import type { WidgetUserModel } from '../../src/platforms/jelou/models.js';
import { ErrorCode, type GatewayError } from '../../src/errors.js';
import { createUpstreamPool } from '../../src/upstream/upstream-http.js';
import type { Logger } from '../../src/logger.js';
import { createLogger } from '../../src/logger.js';
import { createJelouClient, type JelouAuthScheme, type JelouClient, type JelouCredentials } from '../../src/platforms/jelou/index.js';
import { SEED_BOT_ID, SEED_DELETED_BOT_ID, SEED_DISABLED_BOT_ID, SEED_USERS } from '../../src/simulators/jelou/seed.js';
import type { FaultEffect } from '../../src/simulators/faults.js';
import { jelouFailureBody, startJelouSimulator, type JelouSimulator, type JelouSimulatorOptions } from '../../src/simulators/jelou/server.js';
import { capturingLogger } from '../support/logger.js';
import { rejectionOf } from '../support/errors';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { within } from '../support/scope';

/**
 * The gateway's Jelou client against the Jelou simulator over real HTTP: it must read every answer the
 * platform gives as documented in shared/upstreams/jelou.md, and map every documented failure.
 */

const deadline = () => within(5_000);
const PATH = '/v1/widget/user';

interface OpenClient {
  client: JelouClient;
  close(): Promise<void>;
}

interface ClientSettings {
  credentials?: JelouCredentials;
  authScheme?: JelouAuthScheme;
  logger?: Logger;
  basePath?: string;
}

/** A client as the gateway builds one: its own keep-alive pool. */
function openClient(simulator: JelouSimulator, settings: ClientSettings = {}): OpenClient {
  const url = new URL(`${simulator.url}${settings.basePath ?? ''}`);
  const dispatcher = createUpstreamPool(url.origin, { connections: 2, connectTimeoutMs: 2_000, maxResponseBytes: 1024 * 1024 });
  const client = createJelouClient(
    { url, credentials: settings.credentials ?? simulator.credentials, authScheme: settings.authScheme ?? 'basic', dispatcher },
    settings.logger ?? createLogger('silent'),
    RESILIENCE_DEFAULTS,
  );
  return { client, close: () => dispatcher.close() };
}

function userOf(result: Awaited<ReturnType<JelouClient['getOrCreateWidgetUser']>>): WidgetUserModel {
  if (result.kind !== 'ok') throw new Error(`expected a user, got ${JSON.stringify(result)}`);
  return result.user;
}

describe('JelouClient', () => {
  let simulator: JelouSimulator;
  let open: OpenClient;
  const start = async (options: JelouSimulatorOptions = {}) => {
    simulator = await startJelouSimulator({ host: '127.0.0.1', port: 0, ...options });
    open = openClient(simulator);
  };

  afterEach(async () => {
    await open?.close();
    await simulator?.close();
  });

  describe('getOrCreateWidgetUser', () => {
    beforeEach(() => start());

    it('creates a user with its widget and group rooms, then gets the identical user for the same id', async () => {
      const created = userOf(await open.client.getOrCreateWidgetUser({ id: 'contract-1', names: 'Ana Acosta', legalId: '0012AB' }, deadline()));
      expect(simulator.log.list()).toEqual([expect.objectContaining({ method: 'POST', path: PATH, status: 200 })]);
      expect(created).toMatchObject({
        id: 'contract-1',
        names: 'Ana Acosta',
        botId: SEED_BOT_ID,
        companyId: expect.any(Number),
        roomId: `G:${SEED_BOT_ID}:contract-1`,
        room: { id: `G:${SEED_BOT_ID}:contract-1`, channel: 'Widget', channelProvider: 'Widget', deleted: false },
        groupRoom: { channel: 'Widget' },
      });
      expect(created.groupRoom?.id).toBe(created.groupRoomId);
      expect(created.groupRoom?.id).not.toBe(created.room?.id);
      expect(created.room?.memberIds).toContain('contract-1');
      expect(created.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

      simulator.log.clear();
      const again = userOf(await open.client.getOrCreateWidgetUser({ id: 'contract-1', names: 'Someone Else' }, deadline()));
      expect(simulator.log.list()).toEqual([expect.objectContaining({ method: 'POST', path: PATH, status: 200 })]);
      expect(again).toEqual(created);
    });

    it('gets a seeded user as it was stored, with its older timestamps', async () => {
      const seeded = SEED_USERS[0] as (typeof SEED_USERS)[number];
      const user = userOf(await open.client.getOrCreateWidgetUser({ id: seeded.referenceId, names: 'Renamed' }, deadline()));
      expect(user.names).toBe(seeded.names);
      expect(Date.parse(user.createdAt as string)).toBeLessThan(Date.now() - 24 * 60 * 60 * 1000);
    });

    it.each(['basic', 'raw'] as const)('is accepted with the %s Authorization form', async (authScheme) => {
      const schemed = openClient(simulator, { authScheme });
      try {
        expect((await schemed.client.getOrCreateWidgetUser({ id: `scheme-${authScheme}`, names: 'S' }, deadline())).kind).toBe('ok');
      } finally {
        await schemed.close();
      }
    });

    it("returns invalid naming the caller's fields when Jelou's validation refuses the input", async () => {
      const result = await open.client.getOrCreateWidgetUser({ id: '', names: '   ' }, deadline());
      expect(result).toEqual({
        kind: 'invalid',
        problems: [
          { field: 'id', message: expect.any(String) },
          { field: 'names', message: expect.any(String) },
        ],
      });
      expect(simulator.log.list().at(-1)?.status).toBe(422);
    });

    it('reports a wrong base path as UPSTREAM_BAD_RESPONSE, not as a problem of the caller', async () => {
      const misplaced = openClient(simulator, { basePath: '/api' });
      try {
        const error = await rejectionOf(misplaced.client.getOrCreateWidgetUser({ id: 'x', names: 'x' }, deadline()));
        expect(error.code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
        expect(simulator.log.list().at(-1)).toMatchObject({ path: `/api${PATH}`, status: 404 });
      } finally {
        await misplaced.close();
      }
    });
  });

  describe('with credentials Jelou rejects', () => {
    it('maps a wrong secret to UPSTREAM_UNAUTHORIZED', async () => {
      await start();
      const wrong = openClient(simulator, { credentials: { clientId: simulator.credentials.clientId, clientSecret: 'contract-wrong-secret' } });
      try {
        const error = await rejectionOf(wrong.client.getOrCreateWidgetUser({ id: 'x', names: 'x' }, deadline()));
        expect(error.code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
        expect(error.provider).toBe('jelou');
      } finally {
        await wrong.close();
      }
    });

    it('maps the raw form refused by a Jelou that accepts Basic only to UPSTREAM_UNAUTHORIZED', async () => {
      await start({ acceptedAuthSchemes: ['basic'] });
      const raw = openClient(simulator, { authScheme: 'raw' });
      try {
        const error = await rejectionOf(raw.client.getOrCreateWidgetUser({ id: 'x', names: 'x' }, deadline()));
        expect(error.code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
        expect(simulator.log.list().at(-1)?.status).toBe(401);
        expect((await open.client.getOrCreateWidgetUser({ id: 'x', names: 'x' }, deadline())).kind).toBe('ok');
      } finally {
        await raw.close();
      }
    });

    it.each([
      ['a disabled bot (403 forbidden_bot)', SEED_DISABLED_BOT_ID, 403, /lacks a permission/],
      ['a deleted bot (404 bot_not_found)', SEED_DELETED_BOT_ID, 404, /no bot for the gateway's credentials/],
    ])('maps the credentials of %s to UPSTREAM_UNAUTHORIZED', async (_name, botId, status, message) => {
      await start();
      const other = openClient(simulator, { credentials: simulator.issueCredentials(botId) });
      try {
        const error = await rejectionOf(other.client.getOrCreateWidgetUser({ id: 'x', names: 'x' }, deadline()));
        expect(error.code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
        expect(error.message).toMatch(message);
        expect(simulator.log.list().at(-1)?.status).toBe(status);
      } finally {
        await other.close();
      }
    });
  });

  describe('with failures the platform reports', () => {
    beforeEach(() => start());

    it.each([
      ['HTTP 200 with status 0 and no error', { kind: 'status', status: 200, body: jelouFailureBody() }, 200, ErrorCode.UPSTREAM_UNAVAILABLE],
      ['HTTP 200 with status 0 and unauthorized', { kind: 'status', status: 200, body: jelouFailureBody('unauthorized') }, 200, ErrorCode.UPSTREAM_UNAUTHORIZED],
      ['HTTP 200 with status 0 and internal_server_error', { kind: 'status', status: 200, body: jelouFailureBody('internal_server_error') }, 200, ErrorCode.UPSTREAM_UNAVAILABLE],
      ['500 internal_server_error', { kind: 'status', status: 500 }, 500, ErrorCode.UPSTREAM_UNAVAILABLE],
      ['403 forbidden_bot', { kind: 'status', status: 403 }, 403, ErrorCode.UPSTREAM_UNAUTHORIZED],
      ['404 bot_not_found', { kind: 'status', status: 404 }, 404, ErrorCode.UPSTREAM_UNAUTHORIZED],
    ] satisfies Array<[string, FaultEffect, number, ErrorCode]>)('maps %s to its code, then works again', async (_name, effect, status, code) => {
      simulator.faults.add({ path: PATH, times: 1, effect });
      const error = await rejectionOf(open.client.getOrCreateWidgetUser({ id: 'f', names: 'F' }, deadline()));
      expect(error.code).toBe(code);
      expect(error.provider).toBe('jelou');
      expect(simulator.log.list().at(-1)?.status).toBe(status);
      expect((await open.client.getOrCreateWidgetUser({ id: 'f', names: 'F' }, deadline())).kind).toBe('ok');
    });

    it('maps a 429 to UPSTREAM_RATE_LIMITED with retryAfterMs from Retry-After', async () => {
      simulator.faults.add({ path: PATH, times: 1, effect: { kind: 'status', status: 429, retryAfterSeconds: 7 } });
      const error = await rejectionOf(open.client.getOrCreateWidgetUser({ id: 'f', names: 'F' }, deadline()));
      expect(error.code).toBe(ErrorCode.UPSTREAM_RATE_LIMITED);
      expect(error.retryAfterMs).toBe(7_000);
      expect(simulator.log.list()).toEqual([expect.objectContaining({ status: 429 })]);
    });
  });

  describe('secrets', () => {
    it('never puts the client secret in a thrown error or a log line, whatever fails', async () => {
      await start();
      const captured = capturingLogger();
      const secret = simulator.credentials.clientSecret;
      const logged = openClient(simulator, { logger: captured.logger, authScheme: 'raw' });
      const wrongSecret = `${secret}-but-wrong`;
      const wrong = openClient(simulator, {
        logger: captured.logger,
        credentials: { clientId: simulator.credentials.clientId, clientSecret: wrongSecret },
      });
      try {
        const errors: GatewayError[] = [];
        const effects: FaultEffect[] = [
          { kind: 'status', status: 200, body: jelouFailureBody() },
          { kind: 'status', status: 500 },
          { kind: 'status', status: 429, retryAfterSeconds: 30 },
          { kind: 'status', status: 403 },
          { kind: 'status', status: 404 },
        ];
        for (const effect of effects) {
          simulator.faults.add({ path: PATH, times: 1, effect });
          errors.push(await rejectionOf(logged.client.getOrCreateWidgetUser({ id: 's', names: 'S' }, deadline())));
        }
        errors.push(await rejectionOf(wrong.client.getOrCreateWidgetUser({ id: 's', names: 'S' }, deadline())));
        await logged.client.getOrCreateWidgetUser({ id: 's', names: 'S' }, deadline());
        expect(errors).toHaveLength(6);
        for (const error of errors) {
          for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
            expect(text).not.toContain(secret);
            expect(text).not.toContain(wrongSecret);
          }
        }
        expect(captured.lines.length).toBeGreaterThanOrEqual(7);
        expect(captured.lines.join('\n')).not.toContain(secret);
      } finally {
        await logged.close();
        await wrong.close();
      }
    });
  });
});
