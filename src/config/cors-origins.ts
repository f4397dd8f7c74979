import type { CorsOriginsConfig } from './types.js';

/**
 * Reads `GATEWAY_CORS_ORIGINS`: `*`, or exact origins separated by commas (scheme, host and port only:
 * no path, no trailing slash, no wildcards). Returns the problems instead when the value is unusable.
 */
export function parseCorsOrigins(text: string): { origins: CorsOriginsConfig } | { problems: string[] } {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 1 && entries[0] === '*') return { origins: '*' };
  const problems: string[] = [];
  for (const entry of entries) {
    if (entry.includes('*')) {
      problems.push(entry === '*' ? '"*" must be the only entry' : `"${entry}": wildcards are not supported, list each origin`);
      continue;
    }
    let origin: string | undefined;
    try {
      const url = new URL(entry);
      origin = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
    } catch {
      origin = undefined;
    }
    if (origin !== entry) problems.push(`"${entry}" is not an origin such as https://app.example.com (scheme, host and port; no path)`);
  }
  return problems.length > 0 ? { problems } : { origins: entries };
}
