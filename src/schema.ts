import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type GraphQLSchema } from 'graphql';
import { agentResolvers } from './domains/agents/resolvers.js';

/** The SDL files in schema/ (one per domain), read in name order with base.graphql first. */
export const SCHEMA_DIR = join(__dirname, '..', 'schema');

export function readTypeDefs(dir: string = SCHEMA_DIR): string {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)));
  return files.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
}

/** The executable Federation 2 subgraph schema; it also serves on its own as a complete API. */
export function buildGatewaySchema(): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: parse(readTypeDefs()),
    resolvers: agentResolvers as GraphQLResolverMap<unknown>,
  });
}
