/**
 * Builds upstream paths from fixed templates and caller-supplied segments. Every segment is
 * percent-encoded, so `a/b?x#y` stays one literal segment and can never change the upstream path,
 * query or host. `.` and `..` cannot be made safe by encoding — URL parsers treat `%2E%2E` as `..` —
 * so they are refused here; clients check `isDotSegment` first and answer "no such id" themselves.
 */
export function encodePathSegment(value: string): string {
  if (isDotSegment(value)) throw new Error('a dot segment cannot be used as a path segment');
  return encodeURIComponent(value);
}

export function isDotSegment(value: string): boolean {
  return value === '.' || value === '..';
}

/** Joins a base path prefix (e.g. `/chat` when the platform is mounted below the root) and a path. */
export function joinPath(prefix: string, path: string): string {
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return `${trimmed}${path}`;
}

/** Query string from defined values only, in insertion order. */
export function toQueryString(query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
