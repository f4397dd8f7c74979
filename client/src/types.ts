import type { DocumentTypeDecoration, TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { SubscriptionHandlers, SubscriptionTransport } from './subscriptions.js';
import type {
  LivechatEventsSubscription,
  LivechatEventsSubscriptionVariables,
  WidgetEventsSubscription,
  WidgetEventsSubscriptionVariables,
  AgentQuery,
  AgentQueryVariables,
  AgentsQuery,
  AgentsQueryVariables,
  CreateCustomerCareUserMutation,
  CreateCustomerCareUserMutationVariables,
  CreateWidgetUserMutation,
  CreateWidgetUserMutationVariables,
  CustomerCareUserQuery,
  CustomerCareUserQueryVariables,
  CustomerCareUsersQuery,
  CustomerCareUsersQueryVariables,
  CreateRocketChatUserMutation,
  CreateRocketChatUserMutationVariables,
  DepartmentQuery,
  DepartmentQueryVariables,
  DepartmentsQuery,
  DepartmentsQueryVariables,
  RocketChatUserQuery,
  RocketChatUserQueryVariables,
  SetAgentAvailabilityMutation,
  SetAgentAvailabilityMutationVariables,
  SetAgentDepartmentsMutation,
  SetAgentDepartmentsMutationVariables,
  SetRocketChatUserActiveMutation,
  SetRocketChatUserActiveMutationVariables,
  RegisterAgentMutation,
  RegisterAgentMutationVariables,
  PeopleQuery,
  PeopleQueryVariables,
  PersonQuery,
  PersonQueryVariables,
  DirectorySyncQuery,
  WorkflowQuery,
  WorkflowQueryVariables,
  OnboardPersonMutation,
  OnboardPersonMutationVariables,
  OffboardPersonMutation,
  OffboardPersonMutationVariables,
  SyncDirectoryMutation,
  RemoveAgentMutation,
  RemoveAgentMutationVariables,
} from './__generated__/graphql.js';
import type { ChatGatewayError } from './errors.js';

/** The types of the typed client's API (its implementation is client.ts). */

/**
 * The subset of `fetch` this client uses. The global `fetch` of Node.js ≥ 18 and browsers, undici's
 * `fetch` and most fakes fit. (Declared as a method so that a `fetch` whose `init` is the DOM's or
 * undici's `RequestInit` is accepted.)
 */
export type FetchLike = {
  fetch(url: string, init: FetchInit): Promise<FetchResponseLike>;
}['fetch'];

export interface FetchInit {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  /** Absent rather than undefined when not given (fetch's `RequestInit` takes no undefined under exactOptionalPropertyTypes). */
  signal?: AbortSignalLike;
}

export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * An `AbortSignal`: the runtime's own type when the consumer's program declares one (DOM or Node
 * typings), so that a wrapped `fetch` takes it as is; else a structural stand-in. The client's types
 * thus need neither DOM nor Node typings.
 */
export type AbortSignalLike = typeof globalThis extends { AbortSignal: { prototype: infer Signal } } ? Signal : { readonly aborted: boolean };

export interface ChatGatewayClientOptions {
  /** The GraphQL endpoint, e.g. `http://chat-gateway.internal:4000/graphql`. */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string | undefined;
  /** The `fetch` to use; defaults to the global one. */
  fetch?: FetchLike | undefined;
  /** Extra headers sent with every request (e.g. a correlation id). */
  headers?: Record<string, string> | undefined;
  /**
   * Where subscriptions travel: a `graphql-ws` client (WebSocket) or a `graphql-sse` client (SSE),
   * created with the caller's credentials. Without it the subscription methods fail with SUBSCRIPTIONS_NOT_CONFIGURED.
   */
  subscriptions?: SubscriptionTransport | undefined;
  /**
   * Trusted documents: send the client's generated operations by id (`documentId: "sha256:<hex>"`, their
   * key in the package's persisted-documents.json) instead of their text. Default true. When the gateway
   * does not know an id (PERSISTED_DOCUMENT_NOT_FOUND, or BAD_REQUEST from a gateway older than trusted
   * documents), nothing ran: the request goes again once with the text, and from then on that document
   * (for an older gateway, every document) goes as text from this client. `false`: always the text.
   * Documents that are not the client's generated ones always go as text.
   */
  documentIds?: boolean | undefined;
}

export interface RequestOptions {
  /** Aborts the request; the call then fails with `NETWORK_ERROR` (the abort reason is the `cause`). */
  signal?: AbortSignalLike | undefined;
  /** Extra headers for this request. */
  headers?: Record<string, string> | undefined;
  /** Which operation of a multi-operation document to run; defaults to the document's first one. */
  operationName?: string | undefined;
}

/** A document as source text: a plain string or codegen's `TypedDocumentString` (documentMode 'string'). */
export type DocumentString<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { valueOf(): string };

/**
 * What `request` takes: the client's generated `...Document`s, any `TypedDocumentNode` that keeps its
 * source (`gql`/`parse` output does), or a document string.
 */
export type ChatGatewayDocument<TResult, TVariables> = TypedDocumentNode<TResult, TVariables> | DocumentString<TResult, TVariables>;

/** An answer with its GraphQL errors (see `requestWithErrors`). */
export interface ResultWithErrors<TResult> {
  /** What arrived; fields the errors are about are null. Null when nothing ran (e.g. invalid variables). */
  data: TResult | null;
  /** One `ChatGatewayError` per GraphQL error, in the order received; empty when all went well. */
  errors: ChatGatewayError[];
}

export interface ChatGatewayClient {
  /**
   * Runs any document and returns its `data`. Throws a `ChatGatewayError` when the answer has any
   * GraphQL error (the first one; `graphQLErrors` lists all), like Apollo Client's and graphql-request's
   * default error policy: an error always means some field the operation asked for is null, and
   * which nulls are acceptable is for the caller to say, with `requestWithErrors`.
   */
  request<TResult, TVariables>(document: ChatGatewayDocument<TResult, TVariables>, variables?: TVariables, options?: RequestOptions): Promise<TResult>;
  /**
   * Runs any document and returns `data` and `errors` together, for partial results: when one
   * platform fails, the other platforms' fields in the same operation are still there. Throws only when
   * no GraphQL answer arrived (`NETWORK_ERROR`, `HTTP_<status>`, `INVALID_RESPONSE`).
   */
  requestWithErrors<TResult, TVariables>(
    document: ChatGatewayDocument<TResult, TVariables>,
    variables?: TVariables,
    options?: RequestOptions,
  ): Promise<ResultWithErrors<TResult>>;

  /** A page of agents or managers (`Query.agents`). */
  agents(variables: AgentsQueryVariables, options?: RequestOptions): Promise<NonNullable<AgentsQuery['agents']>>;
  /** One agent or manager; null when the user does not exist or lacks the role (`Query.agent`). */
  agent(variables: AgentQueryVariables, options?: RequestOptions): Promise<AgentQuery['agent']>;
  /** Gives an existing user the role; refusals are in `userErrors` (`Mutation.registerAgent`). */
  registerAgent(variables: RegisterAgentMutationVariables, options?: RequestOptions): Promise<NonNullable<RegisterAgentMutation['registerAgent']>>;
  /** Takes the role away; refusals are in `userErrors` (`Mutation.removeAgent`). */
  removeAgent(variables: RemoveAgentMutationVariables, options?: RequestOptions): Promise<NonNullable<RemoveAgentMutation['removeAgent']>>;
  /** Puts an agent in exactly these departments; refusals are in `userErrors` (`Mutation.setAgentDepartments`). */
  setAgentDepartments(
    variables: SetAgentDepartmentsMutationVariables,
    options?: RequestOptions,
  ): Promise<NonNullable<SetAgentDepartmentsMutation['setAgentDepartments']>>;
  /** Sets whether an agent takes chats; BUSINESS_HOURS_CLOSED and other refusals are in `userErrors` (`Mutation.setAgentAvailability`). */
  setAgentAvailability(
    variables: SetAgentAvailabilityMutationVariables,
    options?: RequestOptions,
  ): Promise<NonNullable<SetAgentAvailabilityMutation['setAgentAvailability']>>;
  /** A page of Livechat departments (`Query.departments`). */
  departments(variables?: DepartmentsQueryVariables, options?: RequestOptions): Promise<NonNullable<DepartmentsQuery['departments']>>;
  /** One department with a page of its agents; null when unknown (`Query.department`). */
  department(variables: DepartmentQueryVariables, options?: RequestOptions): Promise<DepartmentQuery['department']>;
  /** A Rocket.Chat user by username or id; null when none has it (`Query.rocketChatUser`). */
  rocketChatUser(variables: RocketChatUserQueryVariables, options?: RequestOptions): Promise<RocketChatUserQuery['rocketChatUser']>;
  /** Creates a Rocket.Chat user; refusals are in `userErrors`. Not safe to retry blindly (`Mutation.createRocketChatUser`). */
  createRocketChatUser(
    variables: CreateRocketChatUserMutationVariables,
    options?: RequestOptions,
  ): Promise<NonNullable<CreateRocketChatUserMutation['createRocketChatUser']>>;
  /** Activates or deactivates a Rocket.Chat user (`Mutation.setRocketChatUserActive`). */
  setRocketChatUserActive(
    variables: SetRocketChatUserActiveMutationVariables,
    options?: RequestOptions,
  ): Promise<NonNullable<SetRocketChatUserActiveMutation['setRocketChatUserActive']>>;
  /** A page of the directory (`Query.people`). */
  people(variables?: PeopleQueryVariables, options?: RequestOptions): Promise<NonNullable<PeopleQuery['people']>>;
  /** One person by id or e-mail; null when the directory has none (`Query.person`). */
  person(variables: PersonQueryVariables, options?: RequestOptions): Promise<PersonQuery['person']>;
  /** Where the directory's refresh stands (`Query.directorySync`). */
  directorySync(options?: RequestOptions): Promise<NonNullable<DirectorySyncQuery['directorySync']>>;
  /** One workflow; null when unknown (`Query.workflow`). */
  workflow(variables: WorkflowQueryVariables, options?: RequestOptions): Promise<WorkflowQuery['workflow']>;
  /** Onboards a person on Rocket.Chat and IMI; replayed for the same idempotency key (`Mutation.onboardPerson`). */
  onboardPerson(variables: OnboardPersonMutationVariables, options?: RequestOptions): Promise<NonNullable<OnboardPersonMutation['onboardPerson']>>;
  /** Offboards a person; replayed for the same idempotency key (`Mutation.offboardPerson`). */
  offboardPerson(variables: OffboardPersonMutationVariables, options?: RequestOptions): Promise<NonNullable<OffboardPersonMutation['offboardPerson']>>;
  /** Starts a directory refresh unless one runs (`Mutation.syncDirectory`). */
  syncDirectory(options?: RequestOptions): Promise<NonNullable<SyncDirectoryMutation['syncDirectory']>>;
  /** Jelou's get-or-create of a widget user with its rooms (`Mutation.createWidgetUser`). */
  createWidgetUser(
    variables: CreateWidgetUserMutationVariables,
    options?: RequestOptions,
  ): Promise<NonNullable<CreateWidgetUserMutation['createWidgetUser']>>;
  /** One IMI user; null when IMI has none with that id (`Query.customerCareUser`). */
  customerCareUser(variables: CustomerCareUserQueryVariables, options?: RequestOptions): Promise<CustomerCareUserQuery['customerCareUser']>;
  /** One page (10 users) of IMI's user search (`Query.customerCareUsers`). */
  customerCareUsers(
    variables?: CustomerCareUsersQueryVariables,
    options?: RequestOptions,
  ): Promise<NonNullable<CustomerCareUsersQuery['customerCareUsers']>>;
  /** Creates an IMI user; refusals are in `userErrors`. Not safe to retry blindly (`Mutation.createCustomerCareUser`). */
  createCustomerCareUser(
    variables: CreateCustomerCareUserMutationVariables,
    options?: RequestOptions,
  ): Promise<NonNullable<CreateCustomerCareUserMutation['createCustomerCareUser']>>;

  /**
   * Starts any subscription document on the `subscriptions` transport; returns what stops it. Each
   * event's data goes to `next`; the end comes through `error` or `complete`.
   */
  subscribe<TResult, TVariables>(document: ChatGatewayDocument<TResult, TVariables>, variables: TVariables, handlers: SubscriptionHandlers<TResult>): () => void;
  /** Rocket.Chat Livechat events of the caller's tenant (`Subscription.livechatEvents`; scope `events:read`). */
  livechatEvents(variables: LivechatEventsSubscriptionVariables, handlers: SubscriptionHandlers<LivechatEventsSubscription['livechatEvents']>): () => void;
  /** Jelou widget events of the caller's tenant (`Subscription.widgetEvents`; scope `events:read`). */
  widgetEvents(variables: WidgetEventsSubscriptionVariables, handlers: SubscriptionHandlers<WidgetEventsSubscription['widgetEvents']>): () => void;
}
