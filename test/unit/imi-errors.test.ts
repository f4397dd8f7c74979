import { ErrorCode, GatewayError } from '../../src/errors';
import type { UpstreamResponse } from '../../src/upstream/upstream-http';
import { imiRetryAfterMs, logImiCall, readImiAnswer, type ImiOperation } from '../../src/platforms/imi/errors';
import { capturingLogger } from '../support/logger';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

function answer(status: number, statusCode: number | undefined, response: unknown = null, headers: Record<string, string> = {}): UpstreamResponse {
  return { status, headers, json: statusCode === undefined ? undefined : { status_code: statusCode, description: 'x', response } };
}

function errorOf(response: UpstreamResponse, operation: ImiOperation): GatewayError {
  try {
    readImiAnswer(response, operation, 'ROUTE', NOW);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe("IMI's status-code table", () => {
  it.each([
    ['get', 4306],
    ['search', 4307],
    ['create', 4308],
  ] as const)('reads %s success from status_code %d', (operation, code) => {
    expect(readImiAnswer(answer(200, code, { id: 1 }), operation, 'ROUTE', NOW)).toEqual({ kind: 'success', response: { id: 1 } });
  });

  it.each([
    ['get answered with the search code', 'get', 4307],
    ['create answered with the fetch code', 'create', 4306],
    ['search answered with an unknown code', 'search', 9999],
  ] as const)('maps an HTTP 200 with the wrong code (%s) to UPSTREAM_BAD_RESPONSE', (_name, operation, code) => {
    expect(errorOf(answer(200, code, []), operation).code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
  });

  it.each([
    [2003, 400],
    [2004, 401],
  ])('reads %d as a refusal of the token the client may cure once', (code, status) => {
    for (const operation of ['get', 'search', 'create'] as const) {
      expect(readImiAnswer(answer(status, code), operation, 'ROUTE', NOW)).toEqual({ kind: 'auth-refused', statusCode: code });
    }
  });

  it('maps 2002 (a mandatory header missing) to UPSTREAM_UNAUTHORIZED naming the header settings: a new token cannot cure it', () => {
    for (const operation of ['get', 'search', 'create'] as const) {
      const error = errorOf(answer(400, 2002), operation);
      expect(error.code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
      expect(error.message).toMatch(/IMI_TEAM_HEADER/);
    }
  });

  it('maps 2007 and any HTTP 5xx (even without an envelope) on reads to UPSTREAM_UNAVAILABLE', () => {
    expect(errorOf(answer(500, 2007), 'get').code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(errorOf(answer(200, 2007), 'search').code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(errorOf({ status: 502, headers: {}, json: undefined }, 'get').code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(errorOf({ status: 503, headers: {}, json: undefined }, 'create').code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
  });

  it('maps a create answered by an internal error (500, 2007), a proxy timeout (502/504) or an unreadable 2xx to UPSTREAM_OUTCOME_UNKNOWN', () => {
    for (const status of [500, 502, 504]) {
      expect(errorOf({ status, headers: {}, json: undefined }, 'create').code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
    }
    expect(errorOf(answer(500, 2007), 'create').code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
    expect(errorOf(answer(200, 2007), 'create').code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
    expect(errorOf({ status: 200, headers: {}, json: undefined }, 'create').code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
    expect(errorOf({ status: 200, headers: {}, json: undefined }, 'get').code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
  });

  it('maps 2010 to a TEAM_NOT_FOUND rejection on create and to UPSTREAM_UNAUTHORIZED naming the team on reads', () => {
    expect(readImiAnswer(answer(404, 2010), 'create', 'ROUTE', NOW)).toEqual({ kind: 'rejected', rejection: { reason: 'TEAM_NOT_FOUND' } });
    for (const operation of ['get', 'search'] as const) {
      const error = errorOf(answer(404, 2010), operation);
      expect(error.code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
      expect(error.message).toMatch(/team id/);
    }
  });

  it('maps 2099 to INTERNAL_SERVER_ERROR: the gateway used a wrong method', () => {
    expect(errorOf(answer(405, 2099), 'search').code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(errorOf(answer(405, 2099), 'create').code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
  });

  it.each([
    [3102, 409, { reason: 'USER_ALREADY_EXISTS' }],
    [3111, 400, { reason: 'EMAIL_TAKEN' }],
    [3107, 400, { reason: 'INVALID_ATTRIBUTE', attribute: 'business' }],
    [3110, 400, { reason: 'INVALID_ATTRIBUTE', attribute: 'location' }],
    [3114, 400, { reason: 'BODY_MISSING' }],
    [3115, 400, { reason: 'INVALID_REQUEST' }],
  ])('reads %d on create as a rejection returned as data', (code, status, rejection) => {
    expect(readImiAnswer(answer(status, code), 'create', 'ROUTE', NOW)).toEqual({ kind: 'rejected', rejection });
  });

  it('maps 3114 and 3115 on reads to INTERNAL_SERVER_ERROR: our own request was wrong', () => {
    expect(errorOf(answer(400, 3114), 'search').code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(errorOf(answer(400, 3115), 'search').code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(errorOf(answer(400, 3115), 'get').code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
  });

  it('reads an absent user as absent: a 404 that is not 2010, or a 4306 with an empty response', () => {
    expect(readImiAnswer(answer(404, 3101), 'get', 'ROUTE', NOW)).toEqual({ kind: 'absent' });
    expect(readImiAnswer(answer(404, 1234, {}), 'get', 'ROUTE', NOW)).toEqual({ kind: 'absent' });
    for (const empty of [null, {}, [], '']) {
      expect(readImiAnswer(answer(200, 4306, empty), 'get', 'ROUTE', NOW)).toEqual({ kind: 'absent' });
    }
  });

  it('does not read a 404 on search or create as an absent user', () => {
    expect(errorOf(answer(404, 3101), 'search').code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
    expect(errorOf(answer(404, 3101), 'create').code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
  });

  it('maps unknown codes by their HTTP status', () => {
    expect(errorOf(answer(401, 2999), 'search').code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
    expect(errorOf(answer(403, 2998), 'get').code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
    expect(errorOf(answer(400, 3999), 'create').code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
  });

  it('maps bodies without an IMI envelope to UPSTREAM_BAD_RESPONSE', () => {
    expect(errorOf({ status: 200, headers: {}, json: undefined }, 'get').code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
    expect(errorOf({ status: 404, headers: {}, json: { error: 'nope' } }, 'get').code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
  });

  it('accepts a status_code sent as a numeric string', () => {
    const response: UpstreamResponse = { status: 200, headers: {}, json: { status_code: '4307', description: 'ok', response: [] } };
    expect(readImiAnswer(response, 'search', 'ROUTE', NOW)).toEqual({ kind: 'success', response: [] });
  });

  it('maps an HTTP 429 to UPSTREAM_RATE_LIMITED with retryAfterMs, whatever the envelope', () => {
    const error = errorOf(answer(429, 429, null, { 'rate-limit-remaining': '0', 'rate-limit-reset': '30' }), 'create');
    expect(error.code).toBe(ErrorCode.UPSTREAM_RATE_LIMITED);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.provider).toBe('imi');
  });
});

describe('imiRetryAfterMs', () => {
  const spent = { 'rate-limit-remaining': '0' };

  it('reads a small Rate-Limit-Reset as seconds until the reset, once the quota is spent', () => {
    expect(imiRetryAfterMs({ ...spent, 'rate-limit-reset': '3600' }, NOW)).toBe(3_600_000);
  });

  it('reads a Rate-Limit-Reset from 10^9 as an epoch in seconds', () => {
    expect(imiRetryAfterMs({ ...spent, 'rate-limit-reset': String(NOW / 1000 + 90) }, NOW)).toBe(90_000);
  });

  it('reads a Rate-Limit-Reset from 10^12 as an epoch in milliseconds', () => {
    expect(imiRetryAfterMs({ ...spent, 'rate-limit-reset': String(NOW + 1_500) }, NOW)).toBe(1_500);
  });

  it('never answers a negative wait for a reset already past', () => {
    expect(imiRetryAfterMs({ ...spent, 'rate-limit-reset': String(NOW - 5_000) }, NOW)).toBe(0);
  });

  it('prefers Retry-After, and ignores the daily reset while quota is left (a short throttle)', () => {
    expect(imiRetryAfterMs({ ...spent, 'rate-limit-reset': '3600', 'retry-after': '7' }, NOW)).toBe(7_000);
    expect(imiRetryAfterMs({ 'rate-limit-remaining': '120', 'rate-limit-reset': '3600' }, NOW)).toBeUndefined();
    expect(imiRetryAfterMs({}, NOW)).toBeUndefined();
  });
});

describe('logImiCall', () => {
  it('logs the quota headers on a debug line, and warns when less than a tenth of the quota is left', () => {
    const { logger, lines } = capturingLogger();
    logImiCall(logger, answer(200, 4306, {}, { 'rate-limit-limit': '1000', 'rate-limit-remaining': '500' }), 'GET /users/:id');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 20, rateLimitRemaining: 500, rateLimitLimit: 1000, statusCode: 4306 });
    logImiCall(logger, answer(200, 4306, {}, { 'rate-limit-limit': '1000', 'rate-limit-remaining': '99' }), 'GET /users/:id');
    expect(lines.map((line) => (JSON.parse(line) as { level: number }).level)).toEqual([20, 20, 40]);
  });

  it('logs a 2099 as an error: the gateway used a method IMI does not allow', () => {
    const { logger, lines } = capturingLogger();
    logImiCall(logger, answer(405, 2099), 'POST /users');
    expect(lines.some((line) => (JSON.parse(line) as { level: number }).level === 50)).toBe(true);
  });
});
