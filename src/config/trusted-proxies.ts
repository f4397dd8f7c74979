import { isIPv6 } from 'node:net';
import { canonicalAddress } from '../access/client-address.js';

/**
 * Reads `GATEWAY_TRUSTED_PROXIES`: IPv4 and IPv6 addresses and CIDRs separated by commas
 * (`10.0.0.0/8,127.0.0.1,::1`). Each comes back as `address/prefix`, the address canonical
 * (an IPv4-mapped IPv6 one as IPv4, so `::ffff:10.0.0.0/104` is `10.0.0.0/8`). Returns every problem
 * instead when entries are unusable.
 */
export function parseTrustedProxies(text: string): { proxies: string[] } | { problems: string[] } {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const problems: string[] = [];
  const proxies = new Set<string>();
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') proxies.add(parsed);
    else problems.push(`"${entry}" ${parsed.problem}`);
  }
  return problems.length > 0 ? { problems } : { proxies: [...proxies] };
}

function parseEntry(entry: string): string | { problem: string } {
  const [written = '', prefixText, ...rest] = entry.split('/');
  const address = canonicalAddress(written);
  if (address === undefined || rest.length > 0) {
    return { problem: 'is not an IPv4 or IPv6 address or CIDR such as 10.0.0.0/8 or fd00::/8 (no host names, ports or brackets)' };
  }
  const bits = isIPv6(address) ? 128 : 32;
  // `::ffff:a.b.c.d/p` is the IPv4 network a.b.c.d/(p - 96).
  const mapped = isIPv6(written) && bits === 32 ? 96 : 0;
  if (prefixText === undefined) return `${address}/${bits}`;
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) - mapped : Number.NaN;
  if (!(prefix >= 0 && prefix <= bits)) {
    return { problem: mapped ? 'has a prefix length that is not 96 to 128 (an IPv4-mapped network)' : `has a prefix length that is not 0 to ${bits}` };
  }
  return `${address}/${prefix}`;
}
