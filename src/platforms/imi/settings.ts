import { z } from 'zod';
import type { PlatformSettings } from '../platform.js';
import { connectionCount, DEFAULT_CONNECTIONS, headerName, isRemote, port, required, secret, SECRET_SET, text, upstreamUrl, withUrlText } from '../settings-kit.js';
import type { ImiHeaderNames } from './client.js';
import type { ImiAuth } from './index.js';

/** Where the gateway reaches IMI for one tenant: a tenant host, or (default tenant) the simulator. */
export type ImiSettings =
  | { mode: 'remote'; url: URL; teamId: string; auth: ImiAuth; headerNames: ImiHeaderNames; maxConnections: number }
  | { mode: 'simulator'; headerNames: ImiHeaderNames; maxConnections: number };

const POSITIVE_ID = /^[1-9]\d{0,17}$/;

/** Each field reads the environment variable and the auth file's `tenants.<name>.imi` alike. */
const fields = {
  url: upstreamUrl,
  // YAML reads `teamId: 101` as a number; both spellings are accepted.
  teamId: z
    .union([z.string().trim(), z.number().int('must be a positive whole number').positive('must be a positive whole number')])
    .transform(String)
    .refine((id) => POSITIVE_ID.test(id), 'must be a positive whole number'),
  accessToken: secret,
  apiKey: secret,
  domain: text,
  maxConnections: connectionCount,
};

const variables = {
  IMI_URL: fields.url.optional(),
  IMI_TEAM_ID: fields.teamId.optional(),
  IMI_ACCESS_TOKEN: fields.accessToken.optional(),
  IMI_API_KEY: fields.apiKey.optional(),
  IMI_DOMAIN: fields.domain.optional(),
  // IMI does not publish these for resource calls: configurable, the same for every tenant.
  IMI_TOKEN_HEADER: headerName.default('access_token'),
  IMI_TEAM_HEADER: headerName.default('teamid'),
  IMI_API_KEY_HEADER: headerName.default('key'),
  IMI_MAX_CONNECTIONS: fields.maxConnections.default(DEFAULT_CONNECTIONS),
};
type Variables = { [K in keyof typeof variables]: z.output<(typeof variables)[K]> };

const tenantEntry = z
  .strictObject({
    url: fields.url,
    teamId: fields.teamId,
    accessToken: fields.accessToken.optional(),
    apiKey: fields.apiKey.optional(),
    domain: fields.domain.optional(),
    maxConnections: fields.maxConnections.optional(),
  })
  // Which credentials go together is checked by entryProblems, which sees the entry even when other
  // fields are broken; an entry that breaks that rule is refused, so this only shapes.
  .transform(({ accessToken, apiKey, domain, ...rest }) => ({
    ...rest,
    auth:
      accessToken !== undefined
        ? ({ kind: 'access-token', accessToken } as const)
        : ({ kind: 'api-key', apiKey: apiKey ?? '', domain: domain ?? '' } as const),
  }));
/** A tenant's IMI in the auth file; `maxConnections` unset means IMI_MAX_CONNECTIONS. */
export type ImiEntry = z.output<typeof tenantEntry>;

/** The standalone simulator's port. */
export const imiSimulatorVariables = { IMI_SIMULATOR_PORT: port.default(3300) };

export const imiSettings: PlatformSettings<ImiSettings, ImiEntry> = {
  variables,
  simulatorVariables: imiSimulatorVariables,
  tenantEntry,
  entryProblems(raw, at) {
    const { accessToken, apiKey, domain } = raw;
    const fixedToken = accessToken !== undefined && apiKey === undefined && domain === undefined;
    const mintedToken = accessToken === undefined && apiKey !== undefined && domain !== undefined;
    return fixedToken || mintedToken ? [] : [`${at} needs either accessToken, or apiKey with domain (not both)`];
  },
  fromEnvironment(parsed, check) {
    const vars = parsed as Variables;
    const maxConnections = vars.IMI_MAX_CONNECTIONS;
    const headerNames = headerNamesOf(vars);
    const credentials = { IMI_TEAM_ID: vars.IMI_TEAM_ID, IMI_ACCESS_TOKEN: vars.IMI_ACCESS_TOKEN, IMI_API_KEY: vars.IMI_API_KEY, IMI_DOMAIN: vars.IMI_DOMAIN };
    if (!isRemote(check, 'IMI_URL', credentials)) return { mode: 'simulator', headerNames, maxConnections };
    const teamId = required(check, 'IMI_TEAM_ID', vars.IMI_TEAM_ID, 'IMI_URL');
    const auth = authOf(vars, check.problems);
    if (vars.IMI_URL === undefined || teamId === undefined || auth === undefined) return { mode: 'simulator', headerNames, maxConnections };
    return { mode: 'remote', url: vars.IMI_URL, teamId, auth, headerNames, maxConnections };
  },
  fromTenantEntry(entry, parsed) {
    const vars = parsed as Variables;
    const { url, teamId, auth } = entry;
    return { mode: 'remote', url, teamId, auth, headerNames: headerNamesOf(vars), maxConnections: entry.maxConnections ?? vars.IMI_MAX_CONNECTIONS };
  },
  describe(settings) {
    if (settings.mode === 'simulator') return settings;
    const { auth } = settings;
    return { ...withUrlText(settings), auth: auth.kind === 'access-token' ? { kind: auth.kind, accessToken: SECRET_SET } : { ...auth, apiKey: SECRET_SET } };
  },
};

/** IMI's header names are gateway-wide: the same for every tenant. */
function headerNamesOf(vars: Variables): ImiHeaderNames {
  return { token: vars.IMI_TOKEN_HEADER, team: vars.IMI_TEAM_HEADER, apiKey: vars.IMI_API_KEY_HEADER };
}

/** Exactly one way to authenticate: a fixed access token, or an API key the gateway mints tokens with. */
function authOf(vars: Variables, problems: string[]): ImiAuth | undefined {
  const { IMI_ACCESS_TOKEN: accessToken, IMI_API_KEY: apiKey, IMI_DOMAIN: domain } = vars;
  if (accessToken !== undefined && (apiKey !== undefined || domain !== undefined)) {
    problems.push('IMI_ACCESS_TOKEN and IMI_API_KEY/IMI_DOMAIN are alternatives: set one or the other');
    return undefined;
  }
  if (accessToken !== undefined) return { kind: 'access-token', accessToken };
  if (apiKey !== undefined && domain !== undefined) return { kind: 'api-key', apiKey, domain };
  if (apiKey !== undefined || domain !== undefined) problems.push('IMI_API_KEY and IMI_DOMAIN are required together');
  else problems.push('IMI_ACCESS_TOKEN, or IMI_API_KEY with IMI_DOMAIN, is required when IMI_URL is set');
  return undefined;
}
