import { createRateLimiter, retryAfterSeconds, TokenBucketRateLimiter, type RateLimitOptions } from '../../src/access/rate-limit';

/** A limiter on a clock the test moves by hand (no sleeping, no fake timers). */
function limiter(options: Omit<RateLimitOptions, 'now'>) {
  let now = 1_000_000;
  const bucket = new TokenBucketRateLimiter({ ...options, now: () => now });
  return {
    bucket,
    take: (key = 'caller') => bucket.take(key),
    advance(ms: number) {
      now += ms;
    },
  };
}

/** How many requests in a row are admitted right now. */
function admittedInARow(take: () => ReturnType<TokenBucketRateLimiter['take']>, max = 1000): number {
  let count = 0;
  while (count < max && take().allowed) count += 1;
  return count;
}

describe('TokenBucketRateLimiter', () => {
  it('peeks at what a take would decide without using a token', () => {
    const { bucket, take, advance } = limiter({ requestsPerSecond: 2, burst: 2 });
    for (let i = 0; i < 5; i += 1) expect(bucket.peek('caller')).toEqual({ allowed: true });
    expect(admittedInARow(take)).toBe(2);
    expect(bucket.peek('caller')).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(bucket.peek('someone else')).toEqual({ allowed: true });
    advance(500);
    expect(bucket.peek('caller')).toEqual({ allowed: true });
    expect(take().allowed).toBe(true);
    expect(bucket.peek('caller').allowed).toBe(false);
  });

  it('admits a full burst at once, then refuses with the time until the next token', () => {
    const { take } = limiter({ requestsPerSecond: 2, burst: 5 });
    expect(admittedInARow(take)).toBe(5);
    // 2 per second: the next token comes 500 ms after the bucket emptied.
    expect(take()).toEqual({ allowed: false, retryAfterMs: 500 });
  });

  it('refills at the sustained rate: one token per 1/rps seconds, never more than the burst', () => {
    const clock = limiter({ requestsPerSecond: 2, burst: 5 });
    expect(admittedInARow(clock.take)).toBe(5);
    clock.advance(499);
    expect(clock.take()).toEqual({ allowed: false, retryAfterMs: 1 });
    clock.advance(1);
    expect(admittedInARow(clock.take)).toBe(1);
    clock.advance(1500);
    expect(admittedInARow(clock.take)).toBe(3);
    // A long idle time refills the bucket only up to the burst.
    clock.advance(3_600_000);
    expect(admittedInARow(clock.take)).toBe(5);
  });

  it('does not charge refused requests: hammering while empty does not push the next token further away', () => {
    const clock = limiter({ requestsPerSecond: 1, burst: 1 });
    expect(clock.take().allowed).toBe(true);
    for (let i = 0; i < 50; i += 1) expect(clock.take().allowed).toBe(false);
    clock.advance(1000);
    expect(clock.take().allowed).toBe(true);
  });

  it('keeps one bucket per key', () => {
    const clock = limiter({ requestsPerSecond: 1, burst: 2 });
    expect(admittedInARow(() => clock.take('a'))).toBe(2);
    expect(admittedInARow(() => clock.take('b'))).toBe(2);
    expect(clock.take('a').allowed).toBe(false);
  });

  it('handles fractional rates: 0.5 per second is one request every 2 s', () => {
    const clock = limiter({ requestsPerSecond: 0.5, burst: 1 });
    expect(clock.take().allowed).toBe(true);
    expect(clock.take()).toEqual({ allowed: false, retryAfterMs: 2000 });
    clock.advance(2000);
    expect(clock.take().allowed).toBe(true);
  });

  it('admits exactly rps×t + burst over time for rates that are not exact in floating point', () => {
    const clock = limiter({ requestsPerSecond: 3, burst: 3 });
    let admitted = admittedInARow(clock.take);
    // Ten seconds in 1 ms steps: 30 more tokens, no fewer because of rounding.
    for (let ms = 0; ms < 10_000; ms += 1) {
      clock.advance(1);
      admitted += admittedInARow(clock.take);
    }
    expect(admitted).toBe(3 + 30);
  });

  it('forgets callers once their bucket is full again, so idle callers cost no memory', () => {
    const clock = limiter({ requestsPerSecond: 10, burst: 10 });
    for (let i = 0; i < 1000; i += 1) clock.take(`caller-${i}`);
    expect(clock.bucket.trackedKeys).toBe(1000);
    // burst / rps = 1 s after its last request, a caller's bucket is full: its entry is dropped.
    clock.advance(1000);
    clock.take('newcomer');
    expect(clock.bucket.trackedKeys).toBe(1);
  });

  it('never tracks more than maxKeys callers, forgetting the least recently admitted first', () => {
    const clock = limiter({ requestsPerSecond: 1, burst: 1, maxKeys: 100 });
    for (let i = 0; i < 10_000; i += 1) clock.take(`address-${i}`);
    expect(clock.bucket.trackedKeys).toBe(100);
    // The most recent callers are still limited; the forgotten ones got a full bucket back.
    expect(clock.take('address-9999').allowed).toBe(false);
    expect(clock.take('address-0').allowed).toBe(true);
  });

  it('refuses settings that cannot work', () => {
    expect(() => new TokenBucketRateLimiter({ requestsPerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBucketRateLimiter({ requestsPerSecond: Number.NaN, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBucketRateLimiter({ requestsPerSecond: 1, burst: 0 })).toThrow(RangeError);
    expect(() => new TokenBucketRateLimiter({ requestsPerSecond: 1, burst: 1.5 })).toThrow(RangeError);
  });
});

describe('createRateLimiter', () => {
  it('returns no limiter when off, a token bucket otherwise', () => {
    expect(createRateLimiter('off')).toBeUndefined();
    expect(createRateLimiter({ requestsPerSecond: 1, burst: 1 })).toBeInstanceOf(TokenBucketRateLimiter);
  });
});

describe('retryAfterSeconds', () => {
  it.each([
    [1, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [0, 1],
    [61_500, 62],
  ])('turns %i ms into Retry-After: %i (whole seconds, rounded up, at least 1)', (ms, seconds) => {
    expect(retryAfterSeconds(ms)).toBe(seconds);
  });
});
