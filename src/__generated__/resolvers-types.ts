import type { GraphQLResolveInfo } from 'graphql';
import type { AgentModel, AgentPageModel, RegisterAgentPayloadModel, RemoveAgentPayloadModel } from '../domains/agents/models.js';
import type { GatewayContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: string; output: string; }
};

/** A Rocket.Chat user holding a Livechat role (agent or manager). */
export type Agent = {
  readonly __typename?: 'Agent';
  /**
   * Ids of the Livechat departments the user belongs to. Known from list queries (`agents`);
   * null when the agent was fetched on its own, because the platform's single-user lookup omits them.
   */
  readonly departmentIds?: Maybe<ReadonlyArray<Scalars['ID']['output']>>;
  /** E-mail addresses; empty when the platform has none. */
  readonly emails: ReadonlyArray<Email>;
  /** The Rocket.Chat user id. */
  readonly id: Scalars['ID']['output'];
  /** Livechat availability; null when the platform reports none. */
  readonly livechatStatus?: Maybe<LivechatStatus>;
  /** Most conversations this agent may hold at once; null when no limit is set. */
  readonly maxSimultaneousChats?: Maybe<Scalars['Int']['output']>;
  /** Display name; null when the platform has none. */
  readonly name?: Maybe<Scalars['String']['output']>;
  /** Presence; null when the platform reports none or a value this gateway does not know. */
  readonly status?: Maybe<AgentStatus>;
  /** Null only when the platform has none recorded for this user. */
  readonly username?: Maybe<Scalars['String']['output']>;
};

/** A page of agents or managers. */
export type AgentConnection = {
  readonly __typename?: 'AgentConnection';
  readonly edges: ReadonlyArray<AgentEdge>;
  /** The same agents as `edges`, without cursors. */
  readonly nodes: ReadonlyArray<Agent>;
  readonly pageInfo: PageInfo;
  /** Number of agents matching the filters, across all pages. */
  readonly totalCount: Scalars['Int']['output'];
};

/** One agent in a page of agents. */
export type AgentEdge = {
  readonly __typename?: 'AgentEdge';
  /** Opaque position of this agent in the list; pass it as `after` to continue from here. */
  readonly cursor: Scalars['String']['output'];
  readonly node: Agent;
};

/** A user's presence in Rocket.Chat. */
export type AgentStatus =
  | 'AWAY'
  | 'BUSY'
  | 'OFFLINE'
  | 'ONLINE';

/** The two Livechat roles a Rocket.Chat user can hold. */
export type AgentType =
  /** Role `livechat-agent`: takes Livechat conversations. */
  | 'AGENT'
  /** Role `livechat-manager`: manages Livechat settings and agents. */
  | 'MANAGER';

/** An e-mail address of a Rocket.Chat user. */
export type Email = {
  readonly __typename?: 'Email';
  readonly address: Scalars['String']['output'];
  readonly verified: Scalars['Boolean']['output'];
};

/** Whether an agent accepts new Livechat conversations. */
export type LivechatStatus =
  | 'AVAILABLE'
  | 'NOT_AVAILABLE';

export type Mutation = {
  readonly __typename?: 'Mutation';
  /**
   * Gives an existing Rocket.Chat user the Livechat role. Safe to repeat: registering a user who
   * already holds the role succeeds again. An unknown username is a userError UNKNOWN_USER.
   */
  readonly registerAgent: RegisterAgentPayload;
  /**
   * Takes the Livechat role away from a user. Safe to repeat: removing a user who does not hold the role
   * succeeds. An unknown user id is a userError UNKNOWN_USER.
   */
  readonly removeAgent: RemoveAgentPayload;
};


export type MutationRegisterAgentArgs = {
  input: RegisterAgentInput;
};


export type MutationRemoveAgentArgs = {
  input: RemoveAgentInput;
};

/** Relay-style page information, shared by every connection. */
export type PageInfo = {
  readonly __typename?: 'PageInfo';
  /** Cursor of the last edge (pass it as `after` to get the next page), null when the page is empty. */
  readonly endCursor?: Maybe<Scalars['String']['output']>;
  /** True when another page follows the last edge of this one. */
  readonly hasNextPage: Scalars['Boolean']['output'];
  /** True when edges exist before the first edge of this one. */
  readonly hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge, null when the page is empty. */
  readonly startCursor?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  readonly __typename?: 'Query';
  /** One user holding the given Livechat role; null when the user does not exist or lacks the role. */
  readonly agent?: Maybe<Agent>;
  /**
   * Lists the users holding a Livechat role, sorted by name. `first` is at most 100 (the platform's page
   * cap; larger values are refused with BAD_USER_INPUT) and defaults to 50. `onlyAvailable`, `excludeId`
   * and `includeIdle` filter agents only and are refused for MANAGER.
   */
  readonly agents: AgentConnection;
};


export type QueryAgentArgs = {
  id: Scalars['ID']['input'];
  type: AgentType;
};


export type QueryAgentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  excludeId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeIdle?: InputMaybe<Scalars['Boolean']['input']>;
  onlyAvailable?: InputMaybe<Scalars['Boolean']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
  type: AgentType;
};

export type RegisterAgentInput = {
  readonly type: AgentType;
  /** Username of an existing Rocket.Chat user. */
  readonly username: Scalars['String']['input'];
};

export type RegisterAgentPayload = {
  readonly __typename?: 'RegisterAgentPayload';
  /** The user now holding the role; null when the registration was refused. */
  readonly agent?: Maybe<Agent>;
  /** Id of the user now holding the role; null when the registration was refused (see userErrors). */
  readonly agentId?: Maybe<Scalars['ID']['output']>;
  readonly userErrors: ReadonlyArray<UserError>;
};

export type RemoveAgentInput = {
  /** Rocket.Chat user id. */
  readonly id: Scalars['ID']['input'];
  readonly type: AgentType;
};

export type RemoveAgentPayload = {
  readonly __typename?: 'RemoveAgentPayload';
  /** Id of the user who no longer holds the role; null when the removal was refused. */
  readonly removedAgentId?: Maybe<Scalars['ID']['output']>;
  readonly userErrors: ReadonlyArray<UserError>;
};

/** An expected reason a mutation was refused. */
export type UserError = {
  readonly __typename?: 'UserError';
  /** Stable, machine-readable reason: match on this, never on `message`. */
  readonly code: UserErrorCode;
  /** Path to the offending input field, for example ["input", "username"]; null when no single field is at fault. */
  readonly field?: Maybe<ReadonlyArray<Scalars['String']['output']>>;
  /** Human-readable explanation, safe to show to an operator. */
  readonly message: Scalars['String']['output'];
};

/**
 * Why a mutation did not do what was asked. Expected outcomes (unknown user, invalid input …) are
 * returned as data in the payload's `userErrors`; top-level GraphQL errors are reserved for access and
 * infrastructure problems (see the error codes in the README).
 */
export type UserErrorCode =
  /** An input value is malformed or out of range; `field` names it. */
  | 'INVALID_INPUT'
  /** The change would lock the gateway out of the platform (e.g. removing its own service account's manager role). */
  | 'PROTECTED_USER'
  /** The user named by the input does not exist on the platform. */
  | 'UNKNOWN_USER';



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Agent: Agent;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Agent:
    ( { __typename: 'Agent' }
    & GraphQLRecursivePick<FederationTypes['Agent'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Agent: ResolverTypeWrapper<AgentModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  AgentConnection: ResolverTypeWrapper<AgentPageModel>;
  AgentEdge: ResolverTypeWrapper<Omit<AgentEdge, 'node'> & { node: ResolversTypes['Agent'] }>;
  AgentStatus: AgentStatus;
  AgentType: AgentType;
  Email: ResolverTypeWrapper<Email>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  LivechatStatus: LivechatStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegisterAgentInput: RegisterAgentInput;
  RegisterAgentPayload: ResolverTypeWrapper<RegisterAgentPayloadModel>;
  RemoveAgentInput: RemoveAgentInput;
  RemoveAgentPayload: ResolverTypeWrapper<RemoveAgentPayloadModel>;
  UserError: ResolverTypeWrapper<UserError>;
  UserErrorCode: UserErrorCode;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Agent: AgentModel;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  AgentConnection: AgentPageModel;
  AgentEdge: Omit<AgentEdge, 'node'> & { node: ResolversParentTypes['Agent'] };
  Email: Email;
  Boolean: Scalars['Boolean']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  RegisterAgentInput: RegisterAgentInput;
  RegisterAgentPayload: RegisterAgentPayloadModel;
  RemoveAgentInput: RemoveAgentInput;
  RemoveAgentPayload: RemoveAgentPayloadModel;
  UserError: UserError;
};

export type AgentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Agent'] = ResolversParentTypes['Agent'], FederationReferenceType extends FederationReferenceTypes['Agent'] = FederationReferenceTypes['Agent']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Agent']> | FederationReferenceType, FederationReferenceType, ContextType>;
  departmentIds?: Resolver<Maybe<ReadonlyArray<ResolversTypes['ID']>>, ParentType, ContextType>;
  emails?: Resolver<ReadonlyArray<ResolversTypes['Email']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  livechatStatus?: Resolver<Maybe<ResolversTypes['LivechatStatus']>, ParentType, ContextType>;
  maxSimultaneousChats?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['AgentStatus']>, ParentType, ContextType>;
  username?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type AgentConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AgentConnection'] = ResolversParentTypes['AgentConnection']> = {
  edges?: Resolver<ReadonlyArray<ResolversTypes['AgentEdge']>, ParentType, ContextType>;
  nodes?: Resolver<ReadonlyArray<ResolversTypes['Agent']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AgentEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AgentEdge'] = ResolversParentTypes['AgentEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Agent'], ParentType, ContextType>;
};

export type EmailResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Email'] = ResolversParentTypes['Email']> = {
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  verified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  registerAgent?: Resolver<ResolversTypes['RegisterAgentPayload'], ParentType, ContextType, RequireFields<MutationRegisterAgentArgs, 'input'>>;
  removeAgent?: Resolver<ResolversTypes['RemoveAgentPayload'], ParentType, ContextType, RequireFields<MutationRemoveAgentArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType, RequireFields<QueryAgentArgs, 'id' | 'type'>>;
  agents?: Resolver<ResolversTypes['AgentConnection'], ParentType, ContextType, RequireFields<QueryAgentsArgs, 'type'>>;
};

export type RegisterAgentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RegisterAgentPayload'] = ResolversParentTypes['RegisterAgentPayload']> = {
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  agentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  userErrors?: Resolver<ReadonlyArray<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RemoveAgentPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RemoveAgentPayload'] = ResolversParentTypes['RemoveAgentPayload']> = {
  removedAgentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  userErrors?: Resolver<ReadonlyArray<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type UserErrorResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = {
  code?: Resolver<ResolversTypes['UserErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<ReadonlyArray<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GatewayContext> = {
  Agent?: AgentResolvers<ContextType>;
  AgentConnection?: AgentConnectionResolvers<ContextType>;
  AgentEdge?: AgentEdgeResolvers<ContextType>;
  Email?: EmailResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RegisterAgentPayload?: RegisterAgentPayloadResolvers<ContextType>;
  RemoveAgentPayload?: RemoveAgentPayloadResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
};

