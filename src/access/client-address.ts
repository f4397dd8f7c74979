import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Who is at the other end of a request, for the budgets kept per address (failed authentications, and
 * the rate limit of anonymous callers). Without trusted proxies that is the TCP peer. Behind a router or
 * load balancer the peer is the proxy, which would put every caller in one budget: the proxies listed in
 * GATEWAY_TRUSTED_PROXIES say whom they forward for, in `Forwarded: for=` (RFC 7239) or `X-Forwarded-For`.
 *
 * The rules (docs/security.md, "Behind a proxy or router"):
 * - A peer that is not a trusted proxy is the client: its headers are ignored (anyone can write them).
 * - From a trusted peer, `Forwarded` is read when present, else `X-Forwarded-For`. Each proxy appends the
 *   address it received the request from, so the list is walked from the right: trusted proxies are
 *   skipped, and the first address that is not one is the client. Whatever lies left of it was written by
 *   the client or by proxies nobody vouches for, and is never read.
 * - An entry that is not an address (malformed, `unknown`, an obfuscated `_name`, a `Forwarded` element
 *   without `for`) stops the walk: the peer's address is used. So does the left end of a header longer
 *   than MAX_FORWARDED_CHARS, of which only the right end (the nearest hops) is considered.
 * - When every entry is a trusted proxy, the leftmost one is the client (an internal caller).
 * - Addresses are canonical: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is IPv4, IPv6 is lower-case and
 *   compressed (RFC 5952), ports (`1.2.3.4:80`, `"[2001:db8::1]:4711"`) are dropped.
 */

/** The headers by which proxies say whom they forward for; an IncomingMessage's headers are such. */
export interface ForwardingHeaders {
  readonly forwarded?: string | string[] | undefined;
  readonly 'x-forwarded-for'?: string | string[] | undefined;
}

export interface ForwardedRequest {
  readonly headers: ForwardingHeaders;
  readonly socket: { readonly remoteAddress?: string | undefined };
}

/**
 * The trusted proxies, as the configuration lists them: `address/prefix` (a single address without a
 * prefix is allowed too). The same array is passed with every request: its matcher is built once.
 */
export type TrustedProxies = readonly string[];

/** Characters of a forwarding header considered, from its right end (its nearest hops); about 20 hops of `Forwarded`. */
export const MAX_FORWARDED_CHARS = 2048;

/**
 * The address of the client a request comes from (see the rules above), canonical; undefined only when
 * the socket has no remote address any more.
 */
export function clientAddress(req: ForwardedRequest, trustedProxies: TrustedProxies | undefined): string | undefined {
  const remote = req.socket.remoteAddress;
  if (remote === undefined) return undefined;
  const peer = canonicalAddress(remote) ?? remote;
  if (trustedProxies === undefined || trustedProxies.length === 0) return peer;
  const trusted = matcherOf(trustedProxies);
  if (!trusted(peer)) return peer;
  const hops = forwardedHops(req.headers);
  let client = peer;
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index];
    // Unreadable: what the hops further left say cannot be placed; the peer is the one address known.
    if (hop === undefined) return peer;
    if (!trusted(hop)) return hop;
    client = hop;
  }
  return client;
}

/**
 * The hops a request's forwarding headers list, nearest last: canonical addresses, or undefined for an
 * entry that is not one (and, first, for the cut-off part of an over-long header). `Forwarded` wins
 * over `X-Forwarded-For` when both are sent; empty when neither is.
 */
export function forwardedHops(headers: ForwardingHeaders): Array<string | undefined> {
  const forwarded = headerText(headers.forwarded);
  if (forwarded !== undefined) return listElements(forwarded).map((element) => (element === undefined ? undefined : forwardedFor(element)));
  const xForwardedFor = headerText(headers['x-forwarded-for']);
  if (xForwardedFor !== undefined) return listElements(xForwardedFor).map((element) => (element === undefined ? undefined : hopAddress(element)));
  return [];
}

/**
 * An IP address in one spelling per address: IPv4 dotted-decimal (IPv4-mapped IPv6 included), IPv6 as
 * RFC 5952 writes it (lower case, longest run of zeros compressed). Undefined for anything else,
 * including IPv6 with a zone (`fe80::1%eth0`) and IPv4 with leading zeros.
 */
export function canonicalAddress(text: string): string | undefined {
  if (isIPv4(text)) return text;
  if (!isIPv6(text) || text.includes('%')) return undefined;
  let host: string;
  try {
    // The URL parser writes IPv6 hosts in RFC 5952's form.
    host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!mapped) return host;
  const high = Number.parseInt(mapped[1] ?? '', 16);
  const low = Number.parseInt(mapped[2] ?? '', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

const matchers = new WeakMap<TrustedProxies, (address: string) => boolean>();

/** Whether a canonical address is one of the trusted proxies (Node's BlockList, built once per list). */
function matcherOf(proxies: TrustedProxies): (address: string) => boolean {
  let matcher = matchers.get(proxies);
  if (matcher === undefined) {
    const list = new BlockList();
    for (const entry of proxies) {
      const [network = '', prefix] = entry.split('/');
      const family = isIPv6(network) ? 'ipv6' : 'ipv4';
      list.addSubnet(network, prefix === undefined ? (family === 'ipv6' ? 128 : 32) : Number(prefix), family);
    }
    matcher = (address) => list.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
    matchers.set(proxies, matcher);
  }
  return matcher;
}

/** A header's value as one string (repeated headers are one list: RFC 9110 §5.3); undefined when empty. */
function headerText(value: string | readonly string[] | undefined): string | undefined {
  const text = (typeof value === 'string' ? value : value?.join(','))?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/**
 * The comma-separated elements of a list header, empty ones left out (RFC 9110 §5.6.1). Only the last
 * MAX_FORWARDED_CHARS characters are read; the cut-off part becomes one undefined element. Commas are
 * not looked for inside quoted strings on purpose: no address holds one, and a quote a client left
 * open must not swallow the elements its proxies appended after it.
 */
function listElements(text: string): Array<string | undefined> {
  const truncated = text.length > MAX_FORWARDED_CHARS;
  const parts = (truncated ? text.slice(-MAX_FORWARDED_CHARS) : text).split(',');
  // The first part of a cut header is (likely) a piece of an element: dropped, whatever it looks like.
  if (truncated) parts.shift();
  const elements: Array<string | undefined> = parts.map((part) => part.trim()).filter((part) => part !== '');
  return truncated ? [undefined, ...elements] : elements;
}

/** RFC 7239 §6: a port number, or an obfuscated one (`_` and letters, digits, `.`, `_`, `-`). */
const PORT = String.raw`(?::(\d{1,5}|_[\w.-]+))?`;
const BRACKETED_IPV6 = new RegExp(String.raw`^\[([^\]]+)\]${PORT}$`);
const IPV4_WITH_PORT = new RegExp(String.raw`^([\d.]+)${PORT}$`);
const PARAMETER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const QUOTED_VALUE = /^"([^"\\]*)"$/;
const TOKEN_VALUE = /^[^"\\\s]+$/;

/** The address in one `Forwarded` element's `for` parameter (RFC 7239 §4); undefined when there is none. */
function forwardedFor(element: string): string | undefined {
  let value: string | undefined;
  for (const pair of element.split(';')) {
    const trimmed = pair.trim();
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) return undefined;
    const name = trimmed.slice(0, equals).trim().toLowerCase();
    const raw = trimmed.slice(equals + 1).trim();
    // A token, or a quoted string without escapes (no address needs one).
    const quoted = QUOTED_VALUE.exec(raw);
    const parsed = quoted ? quoted[1] : TOKEN_VALUE.test(raw) ? raw : undefined;
    if (!PARAMETER_NAME.test(name) || parsed === undefined) return undefined;
    if (name === 'for') {
      if (value !== undefined) return undefined; // two `for`s in one element: which one?
      value = parsed;
    }
  }
  return value === undefined ? undefined : hopAddress(value);
}

/**
 * One hop's address, port dropped: `192.0.2.1`, `192.0.2.1:80`, `2001:db8::1`, `[2001:db8::1]`,
 * `[2001:db8::1]:4711` (ports may be RFC 7239's obfuscated `_name` too). `unknown`, `_hidden`, host names
 * and anything else: undefined.
 */
function hopAddress(text: string): string | undefined {
  const [, address = text, port] = BRACKETED_IPV6.exec(text) ?? IPV4_WITH_PORT.exec(text) ?? [];
  if (port !== undefined && !port.startsWith('_') && Number(port) > 65_535) return undefined;
  // Brackets hold IPv6 only; a bare IPv6 address is read whole (its last group is no port).
  if (address !== text && text.startsWith('[') !== isIPv6(address)) return undefined;
  return canonicalAddress(address);
}
