import { Agent, fetch as undiciFetch } from 'undici';
import {
  ChatGatewayError,
  createChatGatewayClient,
  type ChatGatewayClient,
  type DocumentString,
  type FetchLike,
} from '../../client/src/index.js';
import type { TestGateway } from './gateway';
import { rejectionOfType } from './errors';

// The typed client (client/) as the e2e tests' way into the API: tests call the gateway as its
// consumers do, with the operations and result types the client generates. Documents the client has
// no operation for (several root fields or aliases in one operation, a smaller selection) go through
// the same client's `request` / `requestWithErrors`, typed with `document<…>()`.

/** undici's fetch on a connection pool of its own, closed by `close()` (no sockets left open after a test file). */
export function pooledFetch(): { fetch: FetchLike; close(): Promise<void> } {
  const dispatcher = new Agent();
  return {
    fetch: (url, init) => undiciFetch(url, { ...init, dispatcher }),
    close: () => dispatcher.close(),
  };
}

/** One answer as it came over the wire. */
export interface RawAnswer {
  status: number;
  /** The body, unparsed: what a check that nothing leaks (a password, a secret) has to look at. */
  text: string;
}

export interface TestClient extends ChatGatewayClient {
  /** Every answer this client received, oldest first (cleared before each test by `useTypedClient`). */
  readonly answers: RawAnswer[];
}

export interface TypedClientOptions {
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

/**
 * A typed client against a test gateway, on a connection pool of its own (`close()` it), keeping the
 * raw text of each answer in `answers`.
 */
export function typedClient(gateway: TestGateway, options: TypedClientOptions = {}): { client: TestClient; close(): Promise<void> } {
  const http = pooledFetch();
  const answers: RawAnswer[] = [];
  // The client reads the body once, through text(): read it here, keep it, hand the same text on.
  const recordingFetch: FetchLike = async (url, init) => {
    const response = await http.fetch(url, init);
    const text = await response.text();
    answers.push({ status: response.status, text });
    return { status: response.status, headers: response.headers, text: async () => text };
  };
  const client = createChatGatewayClient({ url: gateway.url, fetch: recordingFetch, apiKey: options.apiKey, headers: options.headers });
  return { client: { ...client, answers }, close: http.close };
}

/**
 * A typed client against the enclosing `describe`'s test gateway (pass `useTestGateway`'s getter),
 * made when first used, its answers cleared before each test, its connections closed after the tests.
 */
export function useTypedClient(gateway: () => TestGateway, options: TypedClientOptions = {}): () => TestClient {
  let made: ReturnType<typeof typedClient> | undefined;
  beforeEach(() => {
    made?.client.answers.splice(0);
  });
  afterAll(() => made?.close());
  return () => {
    made ??= typedClient(gateway(), options);
    return made.client;
  };
}

/**
 * A document the client has no generated operation for, for `request` / `requestWithErrors`; the
 * test states the result type of its selection (built from the client's generated fragment types
 * where they fit).
 */
export function document<TResult = Record<string, unknown>, TVariables = Record<string, unknown>>(text: string): DocumentString<TResult, TVariables> {
  return text as DocumentString<TResult, TVariables>;
}

/** The `ChatGatewayError` a call rejects with; fails the test when it resolves or rejects with anything else. */
export function caught(promise: Promise<unknown>): Promise<ChatGatewayError> {
  return rejectionOfType(promise, ChatGatewayError);
}
