import { ZodError } from 'zod';
import { FaultInjector, faultSpecSchema, type FaultSpec } from '../../src/simulators/faults.js';

/** The fault registry's matching and consumption, and the bounds of the schema the admin route and configuration use. */

describe('FaultInjector', () => {
  const status = (code: number) => ({ kind: 'status', status: code }) as const;

  it('gives nothing when no fault matches', () => {
    const faults = new FaultInjector();
    expect(faults.take('GET', '/a')).toBeUndefined();
    faults.add({ method: 'POST', path: '/a', effect: status(500) });
    expect(faults.take('GET', '/a')).toBeUndefined();
    expect(faults.take('POST', '/b')).toBeUndefined();
  });

  it('matches on method (any case) and path prefix; omitted ones match anything', () => {
    const faults = new FaultInjector();
    faults.add({ method: 'delete', path: '/v1/users/', effect: status(502) });
    faults.add({ effect: status(503) });
    expect(faults.take('DELETE', '/v1/users/42?x=1')).toEqual(status(502));
    expect(faults.take('delete', '/v1/users/')).toEqual(status(502));
    expect(faults.take('DELETE', '/v1/users')).toEqual(status(503));
    expect(faults.take('PATCH', '/anything')).toEqual(status(503));
  });

  it('uses the first matching fault, in the order added', () => {
    const faults = new FaultInjector();
    faults.add({ path: '/a', times: 1, effect: { kind: 'drop' } });
    faults.add({ path: '/a', effect: { kind: 'reset' } });
    expect(faults.take('GET', '/a')).toEqual({ kind: 'drop' });
    expect(faults.take('GET', '/a')).toEqual({ kind: 'reset' });
    expect(faults.take('GET', '/a')).toEqual({ kind: 'reset' });
  });

  it('consumes `times`, lists the uses left, and forgets a used-up fault', () => {
    const faults = new FaultInjector();
    faults.add({ method: 'POST', times: 2, effect: { kind: 'hang' } });
    faults.add({ path: '/forever', effect: { kind: 'malformed' } });
    expect(faults.list()).toEqual([
      { method: 'POST', times: 2, effect: { kind: 'hang' } },
      { path: '/forever', effect: { kind: 'malformed' } },
    ]);
    expect(faults.take('POST', '/x')).toEqual({ kind: 'hang' });
    expect(faults.list()[0]).toMatchObject({ times: 1 });
    expect(faults.take('POST', '/x')).toEqual({ kind: 'hang' });
    expect(faults.take('POST', '/x')).toBeUndefined();
    for (let i = 0; i < 5; i += 1) expect(faults.take('GET', '/forever/more')).toEqual({ kind: 'malformed' });
    expect(faults.list()).toEqual([{ path: '/forever', effect: { kind: 'malformed' } }]);
  });

  it('hands out copies from list(), so callers cannot change the uses left', () => {
    const faults = new FaultInjector();
    faults.add({ times: 1, effect: { kind: 'truncated' } });
    const [listed] = faults.list();
    if (listed) listed.times = 99;
    faults.take('GET', '/');
    expect(faults.list()).toEqual([]);
  });

  it('clears every fault', () => {
    const faults = new FaultInjector();
    faults.add({ effect: { kind: 'reset' } });
    faults.add({ times: 3, effect: { kind: 'drop' } });
    faults.clear();
    expect(faults.list()).toEqual([]);
    expect(faults.take('GET', '/')).toBeUndefined();
  });

  it('refuses a fault outside the bounds', () => {
    const faults = new FaultInjector();
    expect(() => faults.add({ effect: { kind: 'latency', ms: 60_001 } })).toThrow(ZodError);
    expect(() => faults.add({ times: 0, effect: { kind: 'hang' } })).toThrow(ZodError);
    expect(faults.list()).toEqual([]);
  });
});

describe('faultSpecSchema', () => {
  const accepts = (spec: unknown) => faultSpecSchema.safeParse(spec).success;

  it.each<FaultSpec>([
    { effect: { kind: 'latency', ms: 0 } },
    { effect: { kind: 'latency', ms: 60_000 } },
    { method: 'GET', path: '/api', times: 1, effect: { kind: 'hang' } },
    { effect: { kind: 'reset' } },
    { effect: { kind: 'drop' } },
    { times: 1_000_000, effect: { kind: 'status', status: 429, retryAfterSeconds: 0 } },
    { effect: { kind: 'status', status: 200, body: { status: 0, message: ['failed'] } } },
    { effect: { kind: 'status', status: 599, retryAfterSeconds: 86_400, body: null } },
    { effect: { kind: 'malformed' } },
    { effect: { kind: 'truncated' } },
  ])('accepts %j', (spec) => {
    expect(accepts(spec)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['no effect', { path: '/a' }],
    ['an unknown effect', { effect: { kind: 'explode' } }],
    ['a negative latency', { effect: { kind: 'latency', ms: -1 } }],
    ['a latency over a minute', { effect: { kind: 'latency', ms: 60_001 } }],
    ['a fractional latency', { effect: { kind: 'latency', ms: 1.5 } }],
    ['a latency without ms', { effect: { kind: 'latency' } }],
    ['a 1xx status', { effect: { kind: 'status', status: 199 } }],
    ['a status past 599', { effect: { kind: 'status', status: 600 } }],
    ['a 204, which has no body', { effect: { kind: 'status', status: 204 } }],
    ['a 304, which has no body', { effect: { kind: 'status', status: 304 } }],
    ['a negative Retry-After', { effect: { kind: 'status', status: 429, retryAfterSeconds: -1 } }],
    ['a Retry-After over a day', { effect: { kind: 'status', status: 429, retryAfterSeconds: 86_401 } }],
    ['zero times', { times: 0, effect: { kind: 'drop' } }],
    ['fractional times', { times: 1.5, effect: { kind: 'drop' } }],
    ['too many times', { times: 1_000_001, effect: { kind: 'drop' } }],
    ['a relative path', { path: 'api', effect: { kind: 'drop' } }],
    ['a method with a space', { method: 'GE T', effect: { kind: 'drop' } }],
    ['an unknown key', { effect: { kind: 'drop' }, note: 'x' }],
    ['an unknown effect key', { effect: { kind: 'hang', ms: 5 } }],
    ['a body that is not JSON', { effect: { kind: 'status', status: 500, body: () => 1 } }],
  ])('refuses %s', (_name, spec) => {
    expect(accepts(spec)).toBe(false);
  });

  it('upper-cases the method', () => {
    expect(faultSpecSchema.parse({ method: 'post', effect: { kind: 'drop' } })).toEqual({ method: 'POST', effect: { kind: 'drop' } });
  });
});
