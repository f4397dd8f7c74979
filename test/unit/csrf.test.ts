import { createCsrfCheck, wasPreflighted } from '../../src/endpoint/csrf';
import { prefersEventStream } from '../../src/endpoint/graphql-over-http';
import { capturingLogger } from '../support/logger';

describe('wasPreflighted: whether a browser sends the request cross-origin only after a CORS preflight', () => {
  it.each<[string, Record<string, string>]>([
    ['a Bearer credential', { authorization: 'Bearer cgw_abc' }],
    ['a Bearer credential, scheme in any case', { authorization: 'bearer eyJ.x.y' }],
    ['apollo-require-preflight', { 'apollo-require-preflight': 'true' }],
    ['x-apollo-operation-name', { 'x-apollo-operation-name': 'Agents' }],
    ['Content-Type: application/json', { 'content-type': 'application/json' }],
    ['a Content-Type no browser would call safelisted', { 'content-type': 'nonsense' }],
  ])('yes, with %s', (_name, headers) => {
    expect(wasPreflighted(headers)).toBe(true);
  });

  it.each<[string, Record<string, string>]>([
    ['no header at all', {}],
    ['credentials a browser attaches by itself (Basic)', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a Bearer scheme without a token', { authorization: 'Bearer ' }],
    ['an empty apollo-require-preflight', { 'apollo-require-preflight': '' }],
    ['Content-Type: text/plain', { 'content-type': 'text/plain; charset=utf-8' }],
    ['Content-Type: multipart/form-data', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['Content-Type: application/x-www-form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }],
  ])('no, with %s', (_name, headers) => {
    expect(wasPreflighted(headers)).toBe(false);
  });
});

describe('createCsrfCheck', () => {
  const simpleGet = { method: 'GET', headers: { origin: 'https://evil.example', cookie: 'session=secret-cookie' }, socket: { remoteAddress: '10.0.0.7' } };

  it('refuses a request that was not preflighted, logging it once at info without its credentials or query', () => {
    const { logger, lines } = capturingLogger();
    const observeRefusal = jest.fn();
    const check = createCsrfCheck({ corsOrigins: ['https://app.example.com'], logger, observeRefusal });
    expect(check(simpleGet as never)).toMatch(/\(CSRF\)/);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ level: 30, reason: 'csrf', method: 'GET', origin: 'https://evil.example', clientAddress: '10.0.0.7', msg: 'request refused: possible cross-site request forgery' }),
    ]);
    expect(lines.join('')).not.toContain('secret-cookie');
    expect(observeRefusal.mock.calls).toEqual([['csrf']]);
  });

  it('lets a preflighted request through silently', () => {
    const { logger, lines } = capturingLogger();
    const check = createCsrfCheck({ corsOrigins: [], logger });
    expect(check({ ...simpleGet, headers: { authorization: 'Bearer cgw_abc' } } as never)).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it('refuses nothing when CORS lets any origin in (a preflight would be approved anyway)', () => {
    const { logger, lines } = capturingLogger();
    const check = createCsrfCheck({ corsOrigins: '*', logger });
    expect(check(simpleGet as never)).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it('refuses when no CORS policy is given (browsers then allow same-origin calls only)', () => {
    const { logger } = capturingLogger();
    expect(createCsrfCheck({ corsOrigins: undefined, logger })(simpleGet as never)).toBeDefined();
  });
});

describe('prefersEventStream: Server-Sent Events only for a request that prefers them', () => {
  it.each([
    ['text/event-stream', true], // graphql-sse
    ['text/event-stream, multipart/mixed', true], // urql's subscriptions
    ['text/event-stream, */*', true],
    ['application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed', false], // urql's queries and mutations
    ['application/json, text/event-stream', false],
    ['text/event-stream;q=0.5, application/json', false],
    ['*/*', false],
    ['text/*', false],
    ['', false],
  ])('%s: %s', (accept, expected) => {
    expect(prefersEventStream(accept)).toBe(expected);
  });
});
