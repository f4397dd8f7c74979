import { NAME_PATTERN, NAME_RULE } from './auth-file-schema.js';
import { ALL_PLATFORMS, PLATFORM_IDS } from '../platforms/index.js';
import { DEFAULT_TENANT } from './caller.js';

/**
 * Rules that relate several fields of the auth file. They read the file as parsed from JSON/YAML, before
 * and independently of the schema, so that a broken field elsewhere does not hide these problems
 * (the schema's own refinements would not run on an object with a bad field). Values that have the
 * wrong type are skipped here: the schema reports them.
 */
export function crossFieldProblems(raw: unknown): string[] {
  if (!isRecord(raw)) return [];
  const tenants = isRecord(raw.tenants) ? raw.tenants : {};
  const keys = Array.isArray(raw.keys) ? (raw.keys as unknown[]) : [];
  return [
    ...keyProblems(keys, tenants),
    ...(keys.length === 0 && raw.jwt === undefined
      ? ['keys must list at least one API key (or configure jwt): otherwise no caller can authenticate']
      : []),
    ...Object.entries(tenants).flatMap(([name, tenant]) => tenantProblems(name, tenant)),
    ...(isRecord(raw.jwt) ? jwtProblems(raw.jwt) : []),
  ];
}

function keyProblems(keys: unknown[], tenants: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const firstWithName = new Map<string, number>();
  const firstWithHash = new Map<string, number>();
  keys.forEach((key, index) => {
    if (!isRecord(key)) return;
    const { name, hash, tenant } = key;
    if (typeof name === 'string') {
      const first = firstWithName.get(name);
      if (first === undefined) firstWithName.set(name, index);
      else problems.push(`keys[${index}].name "${name}" is already the name of keys[${first}]`);
    }
    if (typeof hash === 'string') {
      const normalized = hash.trim().toLowerCase();
      const first = firstWithHash.get(normalized);
      if (first === undefined) firstWithHash.set(normalized, index);
      else problems.push(`keys[${index}].hash is the same as keys[${first}].hash: one secret cannot be two keys`);
    }
    if (typeof tenant === 'string' && tenant !== DEFAULT_TENANT && !Object.hasOwn(tenants, tenant)) {
      problems.push(`keys[${index}].tenant "${tenant}" is not defined: use "${DEFAULT_TENANT}" or a tenant listed under tenants`);
    }
  });
  return problems;
}

function tenantProblems(name: string, tenant: unknown): string[] {
  const problems: string[] = [];
  if (name === DEFAULT_TENANT) problems.push(`tenants.${name} is defined by the platform environment variables and cannot be redefined here`);
  else if (!NAME_PATTERN.test(name)) problems.push(`tenants.${name} ${NAME_RULE} (tenant names)`);
  if (!isRecord(tenant)) return problems;
  if (name !== DEFAULT_TENANT && PLATFORM_IDS.every((id) => tenant[id] === undefined)) {
    problems.push(`tenants.${name} must configure at least one platform (${PLATFORM_IDS.slice(0, -1).join(', ')} or ${PLATFORM_IDS.at(-1)})`);
  }
  for (const platform of ALL_PLATFORMS) {
    const entry = tenant[platform.name.id];
    if (isRecord(entry)) problems.push(...platform.settings.entryProblems(entry, `tenants.${name}.${platform.name.id}`));
  }
  return problems;
}

function jwtProblems(jwt: Record<string, unknown>): string[] {
  const algorithms = Array.isArray(jwt.algorithms) ? (jwt.algorithms as unknown[]) : [];
  const problems: string[] = [];
  for (const [algorithm, field] of [
    ['HS256', 'secret'],
    ['RS256', 'publicKey'],
  ] as const) {
    const listed = algorithms.includes(algorithm);
    if (listed && jwt[field] === undefined) problems.push(`jwt.${field} is required for ${algorithm}`);
    if (!listed && jwt[field] !== undefined) problems.push(`jwt.${field} is only used with ${algorithm}, which jwt.algorithms does not list`);
  }
  return problems;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
