import { Deadline } from '../../src/deadline';
import { encodePathSegment, joinPath, toQueryString } from '../../src/upstream/path';
import { retryAfterMsFromHeader } from '../../src/upstream/retry-after';
import { errorForStatus } from '../../src/upstream/status-errors';
import { ROCKETCHAT } from '../../src/platforms/rocketchat/name';

describe('path building', () => {
  it.each([
    ['abc', 'abc'],
    ['a/b', 'a%2Fb'],
    ['x?y=1#z', 'x%3Fy%3D1%23z'],
    ['ñ space', '%C3%B1%20space'],
  ])('encodes %j as the single segment %j', (id, encoded) => {
    expect(encodePathSegment(id)).toBe(encoded);
  });

  it('refuses the dot segments that no encoding keeps from changing the path', () => {
    expect(() => encodePathSegment('..')).toThrow();
    expect(() => encodePathSegment('.')).toThrow();
    expect(encodePathSegment('...')).toBe('...');
  });

  it('joins a base path and keeps only defined query values', () => {
    expect(joinPath('/', '/api/v1')).toBe('/api/v1');
    expect(joinPath('/chat/', '/api/v1')).toBe('/chat/api/v1');
    expect(toQueryString({ a: 'x y', b: undefined, c: false, d: 0 })).toBe('?a=x+y&c=false&d=0');
    expect(toQueryString({ b: undefined })).toBe('');
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMsFromHeader({ 'retry-after': '12' }, now)).toBe(12_000);
    expect(retryAfterMsFromHeader({ 'retry-after': 'Mon, 23 Nov 2026 10:00:30 GMT' }, now)).toBe(30_000);
    expect(retryAfterMsFromHeader({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMsFromHeader({}, now)).toBeUndefined();
  });
});

describe('errorForStatus', () => {
  it.each([
    [401, 'UPSTREAM_UNAUTHORIZED'],
    [403, 'UPSTREAM_UNAUTHORIZED'],
    [429, 'UPSTREAM_RATE_LIMITED'],
    [500, 'UPSTREAM_UNAVAILABLE'],
    [503, 'UPSTREAM_UNAVAILABLE'],
    [400, 'INTERNAL_SERVER_ERROR'],
    [422, 'INTERNAL_SERVER_ERROR'],
    [404, 'UPSTREAM_BAD_RESPONSE'],
    [302, 'UPSTREAM_BAD_RESPONSE'],
  ])('maps HTTP %d to %s', (status, code) => {
    expect(errorForStatus({ platform: ROCKETCHAT, status, route: 'GET /x' }).code).toBe(code);
  });
});

describe('Deadline', () => {
  it('counts down and never below zero', () => {
    let now = 1_000;
    const deadline = Deadline.after(300, () => now);
    expect(deadline.remainingMs()).toBe(300);
    now = 1_250;
    expect(deadline.remainingMs()).toBe(50);
    now = 2_000;
    expect(deadline.remainingMs()).toBe(0);
    expect(deadline.expired()).toBe(true);
  });

  it('gives every call of the request one signal, which aborts when the time runs out', async () => {
    const deadline = Deadline.after(30);
    const { signal } = deadline;
    expect(deadline.signal).toBe(signal);
    expect(signal.aborted).toBe(false);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect(signal.reason).toBeInstanceOf(DOMException);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });
});
