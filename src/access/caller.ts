/**
 * Who is calling, as every layer above the resolvers sees it: a name for logs and rate limits, how the
 * caller proved it, what it may do (scopes) and whose upstream connections it uses (tenant).
 */

/**
 * What a caller may do. Queries need `read`; each mutation needs its write scope (access/authorization.ts);
 * subscriptions (live events, which carry visitors' names and contact details) need `events:read`;
 * `traces:read` lets a federation router receive inline traces (`apollo-federation-include-trace: ftv1`),
 * which show the gateway's inner timings to whoever asks.
 */
export type Scope = 'read' | 'agents:write' | 'users:write' | 'people:write' | 'events:read' | 'traces:read';

export const ALL_SCOPES: readonly Scope[] = ['read', 'agents:write', 'users:write', 'people:write', 'events:read', 'traces:read'];

/** The request header with which a federation router asks for an inline trace. */
export const TRACE_REQUEST_HEADER = 'apollo-federation-include-trace';

/** Whether this caller may have inline federation traces: only with the `traces:read` scope. */
export function mayReceiveTraces(caller: Caller | undefined): boolean {
  return caller !== undefined && caller.scopes.has('traces:read');
}

/** The tenant the platform env vars define; every other tenant comes from the auth file. */
export const DEFAULT_TENANT = 'default';

export interface Caller {
  /** The API key's name, `jwt:<sub>` for a token, or `anonymous`; never a secret. */
  name: string;
  kind: 'api-key' | 'jwt' | 'anonymous';
  scopes: ReadonlySet<Scope>;
  tenant: string;
  /**
   * May run trusted documents only (trusted-documents/): a front-end's key, whose operations are all
   * known at build time, cannot be used to send anything else. Absent: any document within the limits.
   */
  trustedDocumentsOnly?: boolean | undefined;
}

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

/**
 * The caller when authentication is off (development, or GATEWAY_AUTH=off): every scope but
 * `traces:read` (inline traces go only to a key that holds it, never to whoever asks), default tenant.
 */
export const ANONYMOUS_CALLER: Caller = Object.freeze({
  name: 'anonymous',
  kind: 'anonymous',
  scopes: new Set(ALL_SCOPES.filter((scope) => scope !== 'traces:read')),
  tenant: DEFAULT_TENANT,
});
