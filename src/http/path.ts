/**
 * Builds upstream paths from fixed templates and caller-supplied segments. Every segment is
 * percent-encoded, dots included, so an id such as `..` or `a/b?x` stays one literal segment and can
 * never change the upstream path, query or host.
 */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/\./g, '%2E');
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
