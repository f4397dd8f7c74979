import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Refusal } from '../access/admission.js';
import { TRACE_REQUEST_HEADER } from '../access/caller.js';
import type { GatewayContext } from '../context.js';
import type { GraphQLEndpointOptions } from './graphql-endpoint.js';
import { isGraphQLResponseJson } from './graphql-over-http.js';

type ContextThunk = () => Promise<GatewayContext>;

/** Hands an admitted request to Apollo Server and writes its answer, held to the GraphQL-over-HTTP spec. */
export async function runApollo(
  options: Pick<GraphQLEndpointOptions, 'apollo'>,
  req: IncomingMessage,
  res: ServerResponse,
  request: Omit<HTTPGraphQLRequest, 'headers'>,
  context: ContextThunk,
  { traces }: { traces: boolean },
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    // A request for an inline trace is honoured only for callers allowed to see one (`traces:read`).
    if (key === TRACE_REQUEST_HEADER && !traces) continue;
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await options.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { ...request, headers }, context });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    if (res.statusCode < 300 && isGraphQLResponseJson(response.headers.get('content-type')) && lacksData(response.body.string)) {
      // Under application/graphql-response+json a response without `data` MUST NOT be 2xx. Apollo Server
      // answers 200 to some request errors (an unknown persisted query) for its legacy clients.
      res.statusCode = 400;
    }
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** Whether a serialized GraphQL response has no `data` entry (parsed only when it does not start with one). */
function lacksData(json: string): boolean {
  if (json.startsWith('{"data"')) return false;
  try {
    const parsed = JSON.parse(json) as unknown;
    return typeof parsed === 'object' && parsed !== null && !('data' in parsed);
  } catch {
    return false;
  }
}

/** A refusal of the whole request: admission's (401, 429), or the endpoint's own (a CSRF 400). */
export interface HttpRefusal {
  status: number;
  headers: Refusal['headers'];
  error: { message: string; extensions: Record<string, unknown> };
}

/** A refusal raised while Apollo Server creates the context: it answers with the status and headers given. */
export function refusalError({ status, headers, error }: HttpRefusal): GraphQLError {
  // Typed loosely on purpose: graphql-yoga (a dev dependency, through Hive Gateway) augments graphql's
  // extension types with its own `http.headers` shape, which Apollo's HeaderMap is not.
  const extensions: Record<string, unknown> = { ...error.extensions, http: { status, headers: new HeaderMap(Object.entries(headers)) } };
  return new GraphQLError(error.message, { extensions });
}
