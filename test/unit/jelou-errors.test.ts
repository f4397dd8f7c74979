import { ErrorCode } from '../../src/errors';
import type { UpstreamResponse } from '../../src/upstream/upstream-http';
import {
  fieldOf,
  isReportedFailure,
  isValidationFailure,
  jelouError,
  readFailure,
  safeText,
  validationProblems,
} from '../../src/platforms/jelou/errors';

const ROUTE = 'POST /v1/widget/user';
const NOW = Date.parse('2024-03-13T15:00:00Z');

function envelope(code: string, key: string, extra: Record<string, unknown> = {}) {
  return {
    message: ['failed'],
    statusMessage: 'failed',
    status: 0,
    error: {
      code,
      key,
      description: 'developer description with internals: stack at db.js:42',
      developerMessages: { es: 'interno', en: 'internal developer text' },
      clientMessages: { es: 'texto', en: 'Client text.' },
    },
    ...extra,
  };
}

function response(status: number, json: unknown, headers: Record<string, string> = {}): UpstreamResponse {
  return { status, headers, json };
}

describe('Jelou error mapping', () => {
  it.each([
    ['401 unauthorized', 401, envelope('unauthorized', 'UNAUTHORIZED'), ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['403 forbidden_bot', 403, envelope('forbidden_bot', 'FORBIDDEN_BOT'), ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['404 bot_not_found', 404, envelope('bot_not_found', 'BOT_NOT_FOUND'), ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['500 internal_server_error', 500, envelope('internal_server_error', 'INTERNAL_SERVER_ERROR'), ErrorCode.UPSTREAM_UNAVAILABLE],
    ['200 status 0 with unauthorized', 200, envelope('unauthorized', 'UNAUTHORIZED'), ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['200 status 0 with forbidden_bot', 200, envelope('forbidden_bot', 'FORBIDDEN_BOT'), ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['200 status 0 with bot_not_found', 200, envelope('bot_not_found', 'BOT_NOT_FOUND'), ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['200 status 0 with internal_server_error', 200, envelope('internal_server_error', 'X'), ErrorCode.UPSTREAM_UNAVAILABLE],
    ['200 status 0 without an error object', 200, { message: ['x'], statusMessage: 'failed', status: 0 }, ErrorCode.UPSTREAM_UNAVAILABLE],
    ['200 status 0 with an unknown code', 200, envelope('E9999', 'SOMETHING_NEW'), ErrorCode.UPSTREAM_UNAVAILABLE],
    ['an identifier only in key, upper-case', 200, envelope('E0401', 'UNAUTHORIZED'), ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['401 without a body', 401, undefined, ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['403 without a body', 403, undefined, ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['502 with an HTML body', 502, undefined, ErrorCode.UPSTREAM_UNAVAILABLE],
    ['503 internal_server_error', 503, envelope('internal_server_error', 'X'), ErrorCode.UPSTREAM_UNAVAILABLE],
    ['400 malformed request (our bug)', 400, envelope('bad_request', 'INVALID_JSON'), ErrorCode.INTERNAL_SERVER_ERROR],
    ['a bare 404 (wrong base path)', 404, envelope('not_found', 'ROUTE_NOT_FOUND'), ErrorCode.UPSTREAM_BAD_RESPONSE],
  ])('maps %s to its code, naming the provider', (_name, status, json, code) => {
    const error = jelouError(response(status, json), ROUTE, NOW);
    expect(error.code).toBe(code);
    expect(error.provider).toBe('jelou');
  });

  it('says a bot_not_found is a configuration problem of the credentials, not the caller', () => {
    const error = jelouError(response(404, envelope('bot_not_found', 'BOT_NOT_FOUND')), ROUTE, NOW);
    expect(error.message).toMatch(/no bot for the gateway's credentials/);
  });

  it("says an internal_server_error may be credentials without a company (the second meaning Jelou gives it), at any status", () => {
    for (const status of [500, 200]) {
      const error = jelouError(response(status, envelope('internal_server_error', 'X')), ROUTE, NOW);
      expect(error.message).toMatch(/no company assigned.*JELOU_CLIENT_ID/);
    }
  });

  it('says "Jelou reported a failure" for a 200 with status 0 and no usable error', () => {
    const error = jelouError(response(200, { statusMessage: 'failed', status: 0 }), ROUTE, NOW);
    expect(error.message).toBe('Jelou reported a failure.');
  });

  it('maps a 429 to UPSTREAM_RATE_LIMITED with retryAfterMs from Retry-After (seconds or HTTP date)', () => {
    const seconds = jelouError(response(429, envelope('too_many_requests', 'X'), { 'retry-after': '12' }), ROUTE, NOW);
    expect(seconds.code).toBe(ErrorCode.UPSTREAM_RATE_LIMITED);
    expect(seconds.retryAfterMs).toBe(12_000);
    const date = jelouError(response(429, undefined, { 'retry-after': new Date(NOW + 5_000).toUTCString() }), ROUTE, NOW);
    expect(date.retryAfterMs).toBe(5_000);
    expect(jelouError(response(429, undefined), ROUTE, NOW).retryAfterMs).toBeUndefined();
  });

  it('logs only the short identifier and the real HTTP status, never texts of the body', () => {
    const error = jelouError(response(200, envelope('forbidden_bot', 'FORBIDDEN_BOT')), ROUTE, NOW);
    expect(error.logFields).toEqual({ route: ROUTE, status: 200, meaning: 403, upstreamError: 'forbidden_bot' });
    const logged = JSON.stringify(error.logFields) + error.message;
    for (const text of ['internal developer text', 'db.js', 'Client text.', 'interno']) expect(logged).not.toContain(text);
  });

  it('caps the logged identifier so a hostile code cannot fill the log line', () => {
    const error = jelouError(response(500, envelope('x'.repeat(5_000), 'K')), ROUTE, NOW);
    expect(String(error.logFields?.upstreamError).length).toBeLessThanOrEqual(60);
  });

  it('reads success as status 1 only: a 2xx with status 0 or statusMessage "failed" is a reported failure', () => {
    expect(isReportedFailure(response(200, { status: 0 }))).toBe(true);
    expect(isReportedFailure(response(200, { status: '0' }))).toBe(true);
    expect(isReportedFailure(response(200, { statusMessage: 'failed' }))).toBe(true);
    expect(isReportedFailure(response(200, { status: 1, statusMessage: 'success' }))).toBe(false);
    expect(isReportedFailure(response(200, { status: 1, statusMessage: 'failed' }))).toBe(false);
    expect(isReportedFailure(response(200, undefined))).toBe(false);
  });

  it('recognises validation by E0422, VALIDATOR_ERROR, unprocessable_entity or a bare HTTP 422', () => {
    const is = (status: number, json: unknown) => isValidationFailure(response(status, json), readFailure(json));
    expect(is(422, envelope('E0422', 'VALIDATOR_ERROR'))).toBe(true);
    expect(is(200, envelope('E0422', 'VALIDATOR_ERROR'))).toBe(true);
    expect(is(400, envelope('unprocessable_entity', 'X'))).toBe(true);
    expect(is(422, undefined)).toBe(true);
    expect(is(422, envelope('unauthorized', 'UNAUTHORIZED'))).toBe(false);
    expect(is(400, envelope('bad_request', 'INVALID_JSON'))).toBe(false);
  });
});

describe('Jelou validation problems', () => {
  const problemsOf = (validationError: unknown, clientEn = 'The data sent is not valid.') =>
    validationProblems(readFailure({ ...envelope('E0422', 'VALIDATOR_ERROR'), error: { clientMessages: { en: clientEn } }, validationError }));

  it('reads the validatorjs shape the simulator emits: field → list of messages', () => {
    expect(
      problemsOf({
        'user.id': ['The user.id field is required.'],
        'user.names': ['The user.names must be a string.', 'second'],
        'user.legalId': ['The user.legalId must be a string or a number.'],
      }),
    ).toEqual([
      { field: 'id', message: 'The user.id field is required.' },
      { field: 'names', message: 'The user.names must be a string.' },
      { field: 'legalId', message: 'The user.legalId must be a string or a number.' },
    ]);
  });

  it('reads field → string and field → {en, es}', () => {
    expect(problemsOf({ 'user.id': 'id is required', 'user.names': { es: 'requerido', en: 'names is required' } })).toEqual([
      { field: 'id', message: 'id is required' },
      { field: 'names', message: 'names is required' },
    ]);
  });

  it('reads arrays of {field|param|path, message|msg}, paths given as lists too', () => {
    expect(
      problemsOf([
        { field: 'user.id', message: 'bad id' },
        { param: 'user.names', msg: 'bad names' },
        { path: ['user', 'legalid'], message: 'bad legal id' },
        'not an object',
        { message: 'no field' },
      ]),
    ).toEqual([
      { field: 'id', message: 'bad id' },
      { field: 'names', message: 'bad names' },
      { field: 'legalId', message: 'bad legal id' },
    ]);
  });

  it("names the caller's field for Jelou's field paths, null for anything else", () => {
    expect(['user.id', 'id', 'body.user.id', 'user.names', 'user.legalId', 'user.legalid', 'USER.LEGALID'].map(fieldOf)).toEqual([
      'id',
      'id',
      'id',
      'names',
      'legalId',
      'legalId',
      'legalId',
    ]);
    expect(['user', 'user.email', 'botId', '', 'user.id.extra'].map(fieldOf)).toEqual([null, null, null, null, null]);
  });

  it('replaces long or control-character messages with one of our own that names the field', () => {
    expect(problemsOf({ 'user.id': ['x'.repeat(201)], 'user.names': ['line one\nline two'], user: ['\u0007'] })).toEqual([
      { field: 'id', message: 'Jelou refused the value of id.' },
      { field: 'names', message: 'Jelou refused the value of names.' },
      { field: null, message: 'Jelou refused the input.' },
    ]);
  });

  it("falls back to one problem without a field, worded by Jelou's English client message when it is safe", () => {
    expect(problemsOf(undefined)).toEqual([{ field: null, message: 'The data sent is not valid.' }]);
    expect(problemsOf('weird', 'y'.repeat(300))).toEqual([{ field: null, message: 'Jelou refused the input.' }]);
    expect(validationProblems(readFailure(undefined))).toEqual([{ field: null, message: 'Jelou refused the input.' }]);
  });

  it('reports at most ten problems', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`user.f${index}`, ['bad']]));
    expect(problemsOf(many)).toHaveLength(10);
  });

  it('accepts short plain text only', () => {
    expect(safeText('  fine  ')).toBe('fine');
    expect(safeText(['first', 'second'])).toBe('first');
    expect([safeText(''), safeText('a\u0000b'), safeText('tab\there'), safeText(42), safeText('z'.repeat(201))]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(safeText('z'.repeat(200))).toHaveLength(200);
  });
});
