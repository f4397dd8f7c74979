import { admit, rateLimitKey, type AdmissionRequest } from '../../src/access/admission';
import { canonicalAddress, clientAddress, forwardedHops, MAX_FORWARDED_CHARS, type ForwardingHeaders } from '../../src/access/client-address';
import { ANONYMOUS_CALLER, type Caller } from '../../src/access/caller';
import type { RateLimitDecision, RateLimiter } from '../../src/access/rate-limit';
import { parseTrustedProxies } from '../../src/config/trusted-proxies';
import { capturingLogger } from '../support/logger';

/** A load balancer in 10.0.0.0/8 and a router on 192.168.1.10, as the configuration lists them. */
const PROXIES = ['10.0.0.0/8', '192.168.1.10/32', 'fd00::/8', '127.0.0.1/32'];

const from = (remoteAddress: string | undefined, headers: ForwardingHeaders = {}): AdmissionRequest => ({ headers, socket: { remoteAddress } });

describe('clientAddress', () => {
  it('is the peer when no proxy is trusted, whatever the headers say', () => {
    const req = from('10.0.0.2', { 'x-forwarded-for': '203.0.113.7', forwarded: 'for=203.0.113.8' });
    expect(clientAddress(req, undefined)).toBe('10.0.0.2');
    expect(clientAddress(req, [])).toBe('10.0.0.2');
    expect(clientAddress(from(undefined), PROXIES)).toBeUndefined();
  });

  it('ignores the headers of a peer that is not a trusted proxy', () => {
    expect(clientAddress(from('203.0.113.9', { 'x-forwarded-for': '198.51.100.1' }), PROXIES)).toBe('203.0.113.9');
    expect(clientAddress(from('203.0.113.9', { forwarded: 'for=198.51.100.1' }), PROXIES)).toBe('203.0.113.9');
    // Near a trusted range is not in it.
    expect(clientAddress(from('192.168.1.11', { 'x-forwarded-for': '198.51.100.1' }), PROXIES)).toBe('192.168.1.11');
    expect(clientAddress(from('11.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), PROXIES)).toBe('11.0.0.1');
  });

  it('takes the address a trusted peer forwards for', () => {
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': '203.0.113.7' }), PROXIES)).toBe('203.0.113.7');
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': ' 203.0.113.7 ' }), PROXIES)).toBe('203.0.113.7');
    // Without a header the trusted peer is the caller itself (an internal service).
    expect(clientAddress(from('10.0.0.2'), PROXIES)).toBe('10.0.0.2');
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': '  ' }), PROXIES)).toBe('10.0.0.2');
  });

  it('never reads the entries a client wrote before its proxy appended its address', () => {
    // The client sent `X-Forwarded-For: 198.51.100.1, 10.0.0.5` hoping to pass as someone else (or as a proxy).
    const spoofed = from('10.0.0.2', { 'x-forwarded-for': '198.51.100.1, 10.0.0.5, 203.0.113.7' });
    expect(clientAddress(spoofed, PROXIES)).toBe('203.0.113.7');
    // Garbage on the left is not reached either.
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': 'not-an-address, "[, 203.0.113.7' }), PROXIES)).toBe('203.0.113.7');
    expect(clientAddress(from('10.0.0.2', { forwarded: 'for="[, for=unknown;by=x, for=203.0.113.7' }), PROXIES)).toBe('203.0.113.7');
  });

  it('walks a chain of trusted proxies from the right to the first address that is not one', () => {
    // client → load balancer 10.1.1.1 → router 192.168.1.10 → gateway (the router's peer is 10.1.1.1).
    expect(clientAddress(from('192.168.1.10', { 'x-forwarded-for': '203.0.113.7, 10.1.1.1' }), PROXIES)).toBe('203.0.113.7');
    expect(clientAddress(from('192.168.1.10', { 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.1.1.1, 192.168.1.10' }), PROXIES)).toBe('203.0.113.7');
    // Repeated headers are one list (Node joins them with ", "; an array is read the same way).
    expect(clientAddress(from('192.168.1.10', { 'x-forwarded-for': ['203.0.113.7', '10.1.1.1'] }), PROXIES)).toBe('203.0.113.7');
    // An untrusted hop in the middle is where trust ends, even if trusted-looking addresses precede it.
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': '203.0.113.7, 10.9.9.9, 198.51.100.4, 10.1.1.1' }), PROXIES)).toBe('198.51.100.4');
    // Every hop trusted: the furthest one is the caller (a service inside the network).
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': '10.3.3.3, 10.1.1.1' }), PROXIES)).toBe('10.3.3.3');
  });

  it('reads Forwarded (RFC 7239), and prefers it when both headers are sent', () => {
    expect(clientAddress(from('10.0.0.2', { forwarded: 'for=203.0.113.7;proto=https;by=10.0.0.2' }), PROXIES)).toBe('203.0.113.7');
    expect(clientAddress(from('10.0.0.2', { forwarded: 'for=198.51.100.1, for=203.0.113.7, for=10.1.1.1' }), PROXIES)).toBe('203.0.113.7');
    expect(clientAddress(from('10.0.0.2', { forwarded: 'For="203.0.113.7:4711"' }), PROXIES)).toBe('203.0.113.7');
    expect(clientAddress(from('10.0.0.2', { forwarded: 'proto=https; for=203.0.113.7 ;host=api.example' }), PROXIES)).toBe('203.0.113.7');
    const both = from('10.0.0.2', { forwarded: 'for=203.0.113.7', 'x-forwarded-for': '203.0.113.8' });
    expect(clientAddress(both, PROXIES)).toBe('203.0.113.7');
    // An empty Forwarded does not count as sent.
    expect(clientAddress(from('10.0.0.2', { forwarded: '', 'x-forwarded-for': '203.0.113.8' }), PROXIES)).toBe('203.0.113.8');
  });

  it('reads IPv6, strips ports, and writes every address one way', () => {
    expect(clientAddress(from('10.0.0.2', { forwarded: 'for="[2001:DB8:0::1]:4711"' }), PROXIES)).toBe('2001:db8::1');
    expect(clientAddress(from('10.0.0.2', { forwarded: 'for="[2001:db8::1]"' }), PROXIES)).toBe('2001:db8::1');
    expect(clientAddress(from('10.0.0.2', { forwarded: 'for="[2001:db8::1]:_gazonk"' }), PROXIES)).toBe('2001:db8::1');
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': '2001:db8::1' }), PROXIES)).toBe('2001:db8::1');
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': '[2001:db8::1]:443' }), PROXIES)).toBe('2001:db8::1');
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': '1.2.3.4:80' }), PROXIES)).toBe('1.2.3.4');
    expect(clientAddress(from('10.0.0.2', { forwarded: 'for=1.2.3.4:80' }), PROXIES)).toBe('1.2.3.4');
    // IPv4-mapped IPv6: the peer of a dual-stack socket, and forwarded entries, are IPv4.
    expect(clientAddress(from('::ffff:10.0.0.2', { 'x-forwarded-for': '::ffff:203.0.113.7' }), PROXIES)).toBe('203.0.113.7');
    expect(clientAddress(from('::ffff:203.0.113.9'), PROXIES)).toBe('203.0.113.9');
    expect(clientAddress(from('::ffff:203.0.113.9'), undefined)).toBe('203.0.113.9');
    // IPv6 proxies are trusted by range, mapped IPv4 proxies by their IPv4 range.
    expect(clientAddress(from('fd12::3', { 'x-forwarded-for': '2001:db8::1, fd00::9' }), PROXIES)).toBe('2001:db8::1');
    expect(clientAddress(from('::ffff:7f00:1', { 'x-forwarded-for': '203.0.113.7' }), PROXIES)).toBe('203.0.113.7');
  });

  it('stops at an entry it cannot read, and then uses the peer', () => {
    for (const header of ['203.0.113.7, garbage', '203.0.113.7, unknown', '203.0.113.7, 10.1.1.1:99999', '203.0.113.7, 1.2.3.04', '203.0.113.7, fe80::1%eth0', 'gw.internal']) {
      expect({ header, client: clientAddress(from('10.0.0.2', { 'x-forwarded-for': header }), PROXIES) }).toEqual({ header, client: '10.0.0.2' });
    }
    const forwarded = [
      'for=203.0.113.7, for=unknown',
      'for=203.0.113.7, for=_hidden',
      'for=203.0.113.7, proto=https',
      'for=203.0.113.7, for=1.2.3.4;for=5.6.7.8',
      'for=203.0.113.7, for="[2001:db8::1"',
      'for=203.0.113.7, for="\\"1.2.3.4\\""',
      'for=203.0.113.7, for=[1.2.3.4]',
      'for=203.0.113.7, garbage',
      'for=203.0.113.7, for',
      'for=203.0.113.7, for=2001:db8::1:80:zz',
    ];
    for (const header of forwarded) {
      expect({ header, client: clientAddress(from('10.0.0.2', { forwarded: header }), PROXIES) }).toEqual({ header, client: '10.0.0.2' });
    }
    // A trusted hop's unreadable view stops the walk even after trusted hops were skipped.
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': 'garbage, 10.1.1.1' }), PROXIES)).toBe('10.0.0.2');
  });

  it(`considers only the last ${MAX_FORWARDED_CHARS} characters of a header`, () => {
    // A client cannot push its proxy's entry out of reach by padding the header…
    const padded = `${'198.51.100.1, '.repeat(1000)}203.0.113.7`;
    expect(padded.length).toBeGreaterThan(MAX_FORWARDED_CHARS);
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': padded }), PROXIES)).toBe('203.0.113.7');
    const paddedForwarded = `for="${'x,'.repeat(3000)}", for=203.0.113.7`;
    expect(clientAddress(from('10.0.0.2', { forwarded: paddedForwarded }), PROXIES)).toBe('203.0.113.7');
    // …and what lies beyond the cut is never taken for the client: only trusted hops within it means the peer.
    const longChain = `203.0.113.7, ${'10.1.1.1, '.repeat(300)}10.1.1.1`;
    expect(clientAddress(from('10.0.0.2', { 'x-forwarded-for': longChain }), PROXIES)).toBe('10.0.0.2');
    expect(forwardedHops({ 'x-forwarded-for': longChain })[0]).toBeUndefined();
  });
});

describe('canonicalAddress', () => {
  it('writes IPv4 as is, IPv6 as RFC 5952 does, and IPv4-mapped IPv6 as IPv4', () => {
    expect(canonicalAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(canonicalAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalAddress('::1')).toBe('::1');
    expect(canonicalAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalAddress('0:0:0:0:0:ffff:a00:1')).toBe('10.0.0.1');
    for (const text of ['', 'localhost', '1.2.3', '1.2.3.4.5', '01.2.3.4', '256.1.1.1', 'fe80::1%eth0', '[::1]', '1.2.3.4:80']) {
      expect({ text, address: canonicalAddress(text) }).toEqual({ text, address: undefined });
    }
  });
});

describe('parseTrustedProxies', () => {
  it('reads addresses and CIDRs, each as address/prefix', () => {
    expect(parseTrustedProxies('10.0.0.0/8,127.0.0.1,::1')).toEqual({ proxies: ['10.0.0.0/8', '127.0.0.1/32', '::1/128'] });
    expect(parseTrustedProxies(' 10.0.0.0/8 , , FD00::/8 ')).toEqual({ proxies: ['10.0.0.0/8', 'fd00::/8'] });
    expect(parseTrustedProxies('::ffff:10.0.0.1, ::ffff:10.0.0.0/104, 10.0.0.1')).toEqual({ proxies: ['10.0.0.1/32', '10.0.0.0/8'] });
    expect(parseTrustedProxies('0.0.0.0/0,::/0')).toEqual({ proxies: ['0.0.0.0/0', '::/0'] });
    expect(parseTrustedProxies('')).toEqual({ proxies: [] });
  });

  it('lists every unusable entry', () => {
    const parsed = parseTrustedProxies('10.0.0.0/33, proxy.internal, 10.0.0.1:80, [::1], ::1/129, 10.0.0.0/8/8, 10.0.0.0/x, ::ffff:10.0.0.0/95, 127.0.0.1');
    expect(parsed).toEqual({
      problems: [
        '"10.0.0.0/33" has a prefix length that is not 0 to 32',
        expect.stringMatching(/^"proxy.internal" is not an IPv4 or IPv6 address or CIDR/),
        expect.stringMatching(/^"10.0.0.1:80" is not/),
        expect.stringMatching(/^"\[::1\]" is not/),
        '"::1/129" has a prefix length that is not 0 to 128',
        expect.stringMatching(/^"10.0.0.0\/8\/8" is not/),
        '"10.0.0.0/x" has a prefix length that is not 0 to 32',
        '"::ffff:10.0.0.0/95" has a prefix length that is not 96 to 128 (an IPv4-mapped network)',
      ],
    });
  });
});

describe('admission behind trusted proxies', () => {
  /** A budget of one failure per address, with the keys it was asked about. */
  function oneFailureEach(): RateLimiter & { keys: string[] } {
    const used = new Set<string>();
    const keys: string[] = [];
    const decide = (key: string, take: boolean): RateLimitDecision => {
      keys.push(key);
      const allowed = !used.has(key);
      if (take) used.add(key);
      return allowed ? { allowed: true } : { allowed: false, retryAfterMs: 1_000 };
    };
    return { keys, take: (key) => decide(key, true), peek: (key) => decide(key, false) };
  }

  it('counts failed authentications against the forwarded client, and logs its address', async () => {
    const { logger, lines } = capturingLogger();
    const authFailureLimiter = oneFailureEach();
    const options = {
      authenticate: () => Promise.resolve({ ok: false as const, reason: 'invalid' as const, detail: 'unknown key' }),
      authFailureLimiter,
      trustedProxies: ['127.0.0.1/32'],
      logger,
    };
    const as = (client: string) => admit({ headers: { authorization: 'Bearer wrong', 'x-forwarded-for': client }, socket: { remoteAddress: '::ffff:127.0.0.1' } }, options);
    expect(await as('203.0.113.7')).toMatchObject({ admitted: false, refusal: { status: 401 } });
    expect(await as('203.0.113.7')).toMatchObject({ admitted: false, refusal: { status: 429 } });
    expect(await as('203.0.113.8')).toMatchObject({ admitted: false, refusal: { status: 401 } });
    expect(authFailureLimiter.keys).toContain('auth-failures:address:203.0.113.7');
    const refused = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'request refused: not authenticated');
    expect(refused[0]).toMatchObject({ clientAddress: '203.0.113.7', proxyAddress: '::ffff:127.0.0.1' });
    expect(JSON.stringify(refused)).not.toContain('remoteAddress');
  });

  it('keys anonymous callers by the forwarded client, and known callers by name', () => {
    const proxied = from('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' });
    expect(rateLimitKey(proxied, ANONYMOUS_CALLER, { trustedProxies: ['127.0.0.1/32'] })).toBe('address:203.0.113.7');
    expect(rateLimitKey(proxied, ANONYMOUS_CALLER, {})).toBe('address:127.0.0.1');
    const billing: Caller = { kind: 'api-key', name: 'billing', tenant: 'default', scopes: new Set(['read']) };
    expect(rateLimitKey(proxied, billing, { trustedProxies: ['127.0.0.1/32'] })).toBe('api-key:billing');
    expect(rateLimitKey(from(undefined), undefined, {})).toBe('address:unknown');
  });
});
