/**
 * The chat gateway's typed client: `createChatGatewayClient` (one typed function per operation, no
 * runtime dependency), `ChatGatewayError`, and the generated operation types and `TypedDocumentNode`s
 * (`AgentsDocument`, `CreateWidgetUserDocument` …) for Apollo Client, urql or graphql-request.
 *
 * Nothing here imports the server (src/): a consumer loads only this folder.
 */
export { createChatGatewayClient } from './client.js';
export type {
  AbortSignalLike,
  ChatGatewayClient,
  ChatGatewayClientOptions,
  ChatGatewayDocument,
  DocumentString,
  FetchInit,
  FetchLike,
  FetchResponseLike,
  RequestOptions,
  ResultWithErrors,
} from './types.js';
export type { SubscriptionHandlers, SubscriptionTransport } from './subscriptions.js';
export {
  ChatGatewayError,
  isChatGatewayError,
  type ChatGatewayClientErrorCode,
  type ChatGatewayErrorCode,
  type ChatGatewayErrorInit,
  type ChatGatewayProvider,
  type ChatGatewayServerErrorCode,
  type GraphQLErrorEntry,
} from './errors.js';
export * from './__generated__/graphql.js';
export type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';

import generatedPossibleTypes from './__generated__/possible-types.js';

/**
 * Which types implement each interface, for Apollo Client: `new InMemoryCache({ possibleTypes })`.
 * Without it the cache cannot match `... on User` fragments and silently drops their fields.
 */
export const possibleTypes: Record<string, string[]> = generatedPossibleTypes.possibleTypes;
