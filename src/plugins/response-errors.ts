import type { GraphQLResponse } from '@apollo/server';

/** The errors a response sends the client (after formatError), for the plugins that count or log them. */
export function responseErrors(response: GraphQLResponse) {
  const { body } = response;
  return body.kind === 'single' ? (body.singleResult.errors ?? []) : (body.initialResult.errors ?? []);
}
