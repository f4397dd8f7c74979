import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Mutation, Subscription } from '../__generated__/resolvers-types.js';
import type { Caller, Scope } from './caller.js';
import { ErrorCode } from '../errors.js';
import { requestRefusal } from '../plugins/request-refusal.js';

/**
 * Refuses an operation the caller's scopes do not allow, once Apollo Server knows which operation will
 * run and before any resolver (so before any upstream call). The whole operation is refused, not the
 * forbidden fields alone: a caller learns at once what it lacks, and a mutation never half-runs.
 *
 * Every root field of the operation counts, however it is reached (aliases, fragment spreads, inline
 * fragments) and even when `@skip`/`@include` would leave it out: asking for a field needs its scope.
 */

type MutationField = Exclude<keyof Mutation, '__typename'>;
type SubscriptionField = Exclude<keyof Subscription, '__typename'>;

/** The scope each mutation needs. Typed over the schema's Mutation fields: a new mutation does not compile until it is listed. */
export const MUTATION_SCOPES: { readonly [Field in MutationField]: Scope } = {
  registerAgent: 'agents:write',
  removeAgent: 'agents:write',
  setAgentDepartments: 'agents:write',
  setAgentAvailability: 'agents:write',
  createRocketChatUser: 'users:write',
  setRocketChatUserActive: 'users:write',
  onboardPerson: 'people:write',
  offboardPerson: 'people:write',
  syncDirectory: 'people:write',
  createWidgetUser: 'users:write',
  createCustomerCareUser: 'users:write',
};

/** The scope each subscription needs; typed like MUTATION_SCOPES. */
export const SUBSCRIPTION_SCOPES: { readonly [Field in SubscriptionField]: Scope } = {
  livechatEvents: 'events:read',
  widgetEvents: 'events:read',
};

/**
 * Fields of the subscriptions' types that read a platform live, as a query would: selecting one needs
 * `read` as well as `events:read`, so that a key limited to live events cannot read agents through them.
 */
const LIVE_READ_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = { LivechatEvent: new Set(['agent', 'previousAgent']) };

/**
 * The scopes a subscription needs beyond its root fields' (`read` for a field of LIVE_READ_FIELDS,
 * through fragments too). The document is valid: every fragment it holds is used by its one operation.
 */
export function liveReadScopes(schema: GraphQLSchema, document: DocumentNode): Scope[] {
  const typeInfo = new TypeInfo(schema);
  let reads = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && LIVE_READ_FIELDS[getNamedType(parent).name]?.has(node.name.value)) reads = true;
      },
    }),
  );
  return reads ? ['read'] : [];
}

/**
 * Every query field (`_entities` and `_service` included) needs `read`, except these, which only need an
 * authenticated caller (introspection itself is off in production). `_service` returns the whole SDL, so it
 * is not free: a router or Rover fetching it sends a key with `read`.
 */
const FIELDS_WITHOUT_SCOPE: ReadonlySet<string> = new Set(['__typename', '__schema', '__type']);

/** What the plugin needs of the context; GatewayContext has it. */
export interface CallerContext {
  caller: Caller;
}

export const authorizationPlugin: ApolloServerPlugin<CallerContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, document }) {
        // The HTTP endpoint always sets a caller; without one the context was built wrongly: refuse.
        const { caller } = contextValue as Partial<CallerContext>;
        if (caller === undefined) throw requestRefusal(ErrorCode.UNAUTHENTICATED, 401, 'The request is not authenticated.');
        // No operation (an operationName the document lacks, or several and none named): nothing will run,
        // and Apollo Server answers that itself with a 400 request error, as GraphQL over HTTP wants.
        if (operation === undefined) return;
        if (operation.operation === 'subscription') {
          // Apollo Server would run the subscribe resolver's result once, as a query: never what the caller wants.
          throw requestRefusal(
            ErrorCode.BAD_USER_INPUT,
            400,
            'Subscriptions are served over WebSocket (graphql-ws, the graphql-transport-ws protocol) or Server-Sent Events (Accept: text/event-stream) on /graphql.',
          );
        }
        const { missing, unassigned } = checkScopes(caller, operation, document);
        if (unassigned.length > 0) {
          throw requestRefusal(ErrorCode.FORBIDDEN, 403, `No scope allows ${unassigned.map((field) => `"${field}"`).join(', ')}.`, { caller: caller.name, unassigned });
        }
        if (missing.length > 0) {
          const message = `This operation needs the scope${missing.length === 1 ? '' : 's'} ${missing.join(', ')}, which the caller does not have.`;
          throw requestRefusal(ErrorCode.FORBIDDEN, 403, message, { caller: caller.name, missingScopes: missing });
        }
      },
    };
  },
};

export interface ScopeCheck {
  /** Scopes the operation needs and the caller lacks, sorted. */
  missing: Scope[];
  /** Root fields no scope grants (one missing from MUTATION_SCOPES or SUBSCRIPTION_SCOPES): refused for everyone. */
  unassigned: string[];
}

export function checkScopes(caller: Caller, operation: OperationDefinitionNode, document: DocumentNode): ScopeCheck {
  const needed = new Set<Scope>();
  const unassigned: string[] = [];
  for (const field of rootFieldNames(operation.selectionSet, document)) {
    if (FIELDS_WITHOUT_SCOPE.has(field)) continue;
    if (operation.operation === 'query') needed.add('read');
    else if (operation.operation === 'mutation' && Object.hasOwn(MUTATION_SCOPES, field)) needed.add(MUTATION_SCOPES[field as MutationField]);
    else if (operation.operation === 'subscription' && Object.hasOwn(SUBSCRIPTION_SCOPES, field)) needed.add(SUBSCRIPTION_SCOPES[field as SubscriptionField]);
    // Fails closed: the table cannot miss a field of the compiled schema, but a schema could drift from it.
    else unassigned.push(field);
  }
  return { missing: [...needed].filter((scope) => !caller.scopes.has(scope)).sort(), unassigned };
}

/** The names (not aliases) of the root fields an operation selects, through fragment spreads and inline fragments. */
function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode, seenFragments = new Set<string>()): Set<string> {
  const names = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      names.add(selection.name.value);
      continue;
    }
    let inner: SelectionSetNode | undefined;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = selection.selectionSet;
    } else {
      // Each named fragment is read once: validation has refused cycles, this keeps the walk linear.
      const fragment = selection.name.value;
      if (seenFragments.has(fragment)) continue;
      seenFragments.add(fragment);
      inner = document.definitions.find(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === fragment,
      )?.selectionSet;
    }
    for (const name of inner ? rootFieldNames(inner, document, seenFragments) : []) names.add(name);
  }
  return names;
}
