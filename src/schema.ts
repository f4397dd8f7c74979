import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type GraphQLSchema } from 'graphql';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Resolvers } from './__generated__/resolvers-types.js';
import { agentListSizes } from './domains/agents/list-sizes.js';
import { agentResolvers } from './domains/agents/resolvers.js';
import { customerCareListSizes } from './domains/customer-care/list-sizes.js';
import { customerCareResolvers } from './domains/customer-care/resolvers.js';
import { departmentListSizes } from './domains/departments/list-sizes.js';
import { departmentResolvers } from './domains/departments/resolvers.js';
import { eventResolvers } from './domains/events/resolvers.js';
import { rocketChatUserResolvers } from './domains/rocketchat-users/resolvers.js';
import { peopleListSizes } from './domains/people/list-sizes.js';
import { peopleResolvers } from './domains/people/resolvers.js';
import type { ListSizes } from './domains/shared/list-sizes.js';
import { guardEntityRepresentations } from './entity-representations.js';
import { widgetUserResolvers } from './domains/widget-users/resolvers.js';

/** The SDL files in schema/ (one per domain), read in name order with base.graphql first. */
export const SCHEMA_DIR = join(__dirname, '..', 'schema');

export function readTypeDefs(dir: string = SCHEMA_DIR): string {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)));
  return files.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
}

const scalarResolvers: Resolvers = { DateTime: DateTimeResolver, JSONObject: JSONObjectResolver };

/** Each domain's lists whose size the caller chooses, for the query-cost limit (plugins/query-cost.ts). */
export const DOMAIN_LIST_SIZES: ListSizes = { ...agentListSizes, ...departmentListSizes, ...customerCareListSizes, ...peopleListSizes };

/** Every domain's resolvers, one map per domain as the SDL has one file per domain. */
export const DOMAIN_RESOLVERS: Resolvers[] = [
  scalarResolvers,
  agentResolvers,
  departmentResolvers,
  rocketChatUserResolvers,
  peopleResolvers,
  widgetUserResolvers,
  customerCareResolvers,
  eventResolvers,
];

/** Joins the domains' resolver maps; two domains resolving the same field is a start-up error. */
export function mergeResolvers(maps: Resolvers[]): Record<string, Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map as Record<string, object>)) {
      // Scalars are GraphQLScalarType instances, not field maps: they are taken as they are.
      if (!(typeName in merged) && !isPlainObject(fields)) {
        merged[typeName] = fields as Record<string, unknown>;
        continue;
      }
      const target = (merged[typeName] ??= {});
      for (const [field, resolver] of Object.entries(fields)) {
        if (field in target) throw new Error(`${typeName}.${field} is resolved by two domains`);
        target[field] = resolver;
      }
    }
  }
  return merged;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** The executable Federation 2 subgraph schema; it also serves on its own as a complete API. */
export function buildGatewaySchema(): GraphQLSchema {
  const resolvers = mergeResolvers(DOMAIN_RESOLVERS);
  const schema = buildSubgraphSchema({ typeDefs: parse(readTypeDefs()), resolvers: resolvers as GraphQLResolverMap<unknown> });
  // The entities this subgraph resolves are those with a reference resolver; `_entities` accepts no other.
  const resolvable = new Set(Object.keys(resolvers).filter((typeName) => '__resolveReference' in (resolvers[typeName] ?? {})));
  return guardEntityRepresentations(schema, resolvable);
}
