/**
 * The credentials a WebSocket client sends in `connection_init`'s payload: browsers cannot set headers
 * on a WebSocket, so graphql-ws clients pass them as connection params. Accepted spellings:
 * `{ authorization: "Bearer …" }`, `{ Authorization: … }`, and `{ headers: { authorization: … } }`
 * (what Apollo Router forwards in passthrough mode, and what some clients copy from their HTTP link).
 */
export function credentialsFrom(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const record = params as Record<string, unknown>;
  const direct = record.authorization ?? record.Authorization;
  if (typeof direct === 'string') return direct;
  const headers = record.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const nested = (headers as Record<string, unknown>).authorization ?? (headers as Record<string, unknown>).Authorization;
  return typeof nested === 'string' ? nested : undefined;
}
