import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { AgentModel, RocketChatUserModel } from '../platforms/rocketchat/models.js';
import type { AgentPageModel, RegisterAgentPayloadModel, RemoveAgentPayloadModel, AgentPayloadModel } from '../domains/agents/models.js';
import type { DepartmentRefModel, DepartmentPageModel, DepartmentMemberPageModel, DepartmentMemberEdgeModel } from '../domains/departments/models.js';
import type { PersonRecord, SyncState, WorkflowRecord, WorkflowStepRecord } from '../store/types.js';
import type { PeoplePageModel, DirectorySyncModel, SyncDirectoryPayloadModel, PersonPayloadModel } from '../domains/people/models.js';
import type { RocketChatUserPayloadModel } from '../domains/rocketchat-users/models.js';
import type { WidgetUserModel, RoomModel } from '../platforms/jelou/models.js';
import type { LivechatEventModel, LivechatVisitorModel, LivechatMessageModel, WidgetEventModel } from '../events/model.js';
import type { CreateWidgetUserPayloadModel } from '../domains/widget-users/models.js';
import type { CustomerCareUserModel, PrivilegeModel } from '../platforms/imi/models.js';
import type { CustomerCareUserPageModel, CreateCustomerCareUserPayloadModel } from '../domains/customer-care/models.js';
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
  /** An instant in time: an ISO 8601 string in UTC, e.g. `2026-11-23T10:15:00.000Z`. */
  DateTime: { input: Date; output: Date | string; }
  /** A JSON object: string keys, any JSON values. */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
  _FieldSet: { input: string; output: string; }
};

/** A Rocket.Chat user holding a Livechat role (agent or manager). */
export type Agent = User & {
  readonly __typename?: 'Agent';
  /**
   * Ids of the Livechat departments the user belongs to; null only when the lookup failed (with an error).
   * @deprecated Use `departments { id }`.
   */
  readonly departmentIds?: Maybe<ReadonlyArray<Scalars['ID']['output']>>;
  /**
   * The Livechat departments the user belongs to, enabled or not (empty for a manager who is not an agent).
   * The same whichever query reached the agent: a list carries them; an agent fetched alone costs one
   * membership lookup, batched and deduplicated per request.
   */
  readonly departments: ReadonlyArray<Department>;
  /** The user's name, else the username. */
  readonly displayName?: Maybe<Scalars['String']['output']>;
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
  /** Always ROCKETCHAT. */
  readonly platform: Platform;
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

export type CreateCustomerCareUserInput = {
  /** Chats the user handles right now (0 or more). */
  readonly activeChats?: InputMaybe<Scalars['Int']['input']>;
  readonly email: Scalars['String']['input'];
  readonly firstName: Scalars['String']['input'];
  readonly jobDescription?: InputMaybe<Scalars['String']['input']>;
  readonly lastName: Scalars['String']['input'];
  /** The user's login id: 1 to 100 characters, no spaces or control characters. */
  readonly loginId: Scalars['String']['input'];
  /** Whether the user may log in with the e-mail address. */
  readonly loginUsingEmail?: InputMaybe<Scalars['Boolean']['input']>;
  /** The user's initial password. Never logged and never returned. */
  readonly password: Scalars['String']['input'];
  /** The user's role in each team: at least one, one per team. */
  readonly privileges: ReadonlyArray<PrivilegeInput>;
  /** Skill attributes (e.g. `business`, `location`), checked by IMI against the tenant's custom attributes. */
  readonly skillAttributes?: InputMaybe<Scalars['JSONObject']['input']>;
};

export type CreateCustomerCareUserPayload = {
  readonly __typename?: 'CreateCustomerCareUserPayload';
  /** The team privileges IMI accepted with the user; empty when the create was refused. */
  readonly privileges: ReadonlyArray<Privilege>;
  /** The new user; null when the create was refused (see userErrors). */
  readonly user?: Maybe<CustomerCareUser>;
  readonly userErrors: ReadonlyArray<UserError>;
};

export type CreateRocketChatUserInput = {
  /** Departments to put the new agent in; needs the AGENT role. */
  readonly departmentIds?: InputMaybe<ReadonlyArray<Scalars['ID']['input']>>;
  readonly email: Scalars['String']['input'];
  /** Display name. */
  readonly name: Scalars['String']['input'];
  /** Sent to Rocket.Chat once; never logged, stored or returned. */
  readonly password: Scalars['String']['input'];
  /** Livechat roles to give (none: a plain user). */
  readonly roles?: InputMaybe<ReadonlyArray<AgentType>>;
  /** Letters, digits, dots, hyphens and underscores. */
  readonly username: Scalars['String']['input'];
};

export type CreateRocketChatUserPayload = {
  readonly __typename?: 'CreateRocketChatUserPayload';
  /** The new user; null when nothing was created (see userErrors). */
  readonly user?: Maybe<RocketChatUser>;
  readonly userErrors: ReadonlyArray<UserError>;
};

export type CreateWidgetUserInput = {
  /** Your unique id for the person: 1 to 128 characters, no control characters. */
  readonly id: Scalars['ID']['input'];
  /** Legal id (national or tax id), sent exactly as given: leading zeros and letters are kept. At most 64 characters. */
  readonly legalId?: InputMaybe<Scalars['String']['input']>;
  /** The person's names: 1 to 200 characters. Ignored by Jelou when the user already exists. */
  readonly names: Scalars['String']['input'];
};

export type CreateWidgetUserPayload = {
  readonly __typename?: 'CreateWidgetUserPayload';
  /** The user's group room (the same as `user.groupRoom`). */
  readonly groupRoom?: Maybe<Room>;
  /** The user's room with the bot (the same as `user.room`). */
  readonly room?: Maybe<Room>;
  /** The widget user; null when the request was refused (see userErrors). */
  readonly user?: Maybe<WidgetUser>;
  readonly userErrors: ReadonlyArray<UserError>;
};

/** IMI's kinds of users: only CUSTOMER_CARE (team-level) users can be created through the API. */
export type CustomerCareRoleType =
  | 'ADMINISTRATIVE'
  | 'CUSTOMER_CARE';

/**
 * A user of IMI / Webex Engage. `loggedIn`, `jobDescription`, `loginUsingEmail`, `roleType` and
 * `skillAttributes` are not part of IMI's search results: asked for on a searched user, they cost one
 * lookup of that user (deduplicated and made in parallel within the operation).
 */
export type CustomerCareUser = User & {
  readonly __typename?: 'CustomerCareUser';
  /** Whether the user is ready to take chats now. */
  readonly acceptingChats?: Maybe<Scalars['Boolean']['output']>;
  /** Chats the user handles right now. */
  readonly activeChats?: Maybe<Scalars['Int']['output']>;
  readonly createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** First and last name, else the login id. */
  readonly displayName?: Maybe<Scalars['String']['output']>;
  readonly email?: Maybe<Scalars['String']['output']>;
  readonly firstName?: Maybe<Scalars['String']['output']>;
  /** IMI's numeric user id. */
  readonly id: Scalars['ID']['output'];
  readonly jobDescription?: Maybe<Scalars['String']['output']>;
  readonly lastName?: Maybe<Scalars['String']['output']>;
  readonly loggedIn?: Maybe<Scalars['Boolean']['output']>;
  readonly loginId?: Maybe<Scalars['String']['output']>;
  readonly loginUsingEmail?: Maybe<Scalars['Boolean']['output']>;
  /** Always IMI. */
  readonly platform: Platform;
  readonly roleType?: Maybe<CustomerCareRoleType>;
  readonly skillAttributes?: Maybe<Scalars['JSONObject']['output']>;
  readonly status?: Maybe<CustomerCareUserStatus>;
  readonly updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** Search filters; omitted ones do not filter. */
export type CustomerCareUserFilter = {
  readonly acceptingChats?: InputMaybe<Scalars['Boolean']['input']>;
  readonly activeChats?: InputMaybe<IntRange>;
  readonly createdAt?: InputMaybe<DateTimeRange>;
  readonly status?: InputMaybe<CustomerCareUserStatus>;
  readonly updatedAt?: InputMaybe<DateTimeRange>;
};

/** One page of a customer-care user search. IMI pages hold 10 users and report no totals. */
export type CustomerCareUserPage = {
  readonly __typename?: 'CustomerCareUserPage';
  /**
   * Whether another page follows. When this page is full, answering costs one look at the next page
   * (IMI reports no totals), made only when this field is asked for.
   */
  readonly hasNextPage: Scalars['Boolean']['output'];
  /** This page's number, from 1. */
  readonly page: Scalars['Int']['output'];
  /** Users per page (IMI's fixed 10). */
  readonly pageSize: Scalars['Int']['output'];
  readonly users: ReadonlyArray<CustomerCareUser>;
};

export type CustomerCareUserStatus =
  | 'ACTIVE'
  | 'INACTIVE';

/** Bounds on a timestamp; every bound given must hold. */
export type DateTimeRange = {
  readonly eq?: InputMaybe<Scalars['DateTime']['input']>;
  readonly gt?: InputMaybe<Scalars['DateTime']['input']>;
  readonly gte?: InputMaybe<Scalars['DateTime']['input']>;
  readonly lt?: InputMaybe<Scalars['DateTime']['input']>;
  readonly lte?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A Rocket.Chat Livechat department: a queue of chats and the agents who serve it. */
export type Department = {
  readonly __typename?: 'Department';
  /** The department's agents, by username. `first` is 0 to 100 (default 50). */
  readonly agents?: Maybe<DepartmentAgentConnection>;
  /** Archived departments are left out of `departments` but still found by id. */
  readonly archived?: Maybe<Scalars['Boolean']['output']>;
  readonly description?: Maybe<Scalars['String']['output']>;
  /** The address offline messages to this department go to. */
  readonly email?: Maybe<Scalars['String']['output']>;
  /** Whether the department takes chats. */
  readonly enabled?: Maybe<Scalars['Boolean']['output']>;
  /** The Rocket.Chat department id. */
  readonly id: Scalars['ID']['output'];
  /**
   * The fields below are null only when the platform has no department with this id (deleted since it was
   * referenced) or its lookup failed (then with an error naming the provider).
   */
  readonly name?: Maybe<Scalars['String']['output']>;
  /** Whether visitors can pick this department on the offline form. */
  readonly showOnOfflineForm?: Maybe<Scalars['Boolean']['output']>;
  /** Whether visitors can pick this department on the registration form. */
  readonly showOnRegistration?: Maybe<Scalars['Boolean']['output']>;
};


/** A Rocket.Chat Livechat department: a queue of chats and the agents who serve it. */
export type DepartmentAgentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of a department's agents. */
export type DepartmentAgentConnection = {
  readonly __typename?: 'DepartmentAgentConnection';
  readonly edges: ReadonlyArray<DepartmentAgentEdge>;
  /** The members of this page who hold the agent role (see DepartmentAgentEdge.node). */
  readonly nodes: ReadonlyArray<Agent>;
  readonly pageInfo: PageInfo;
  /** Number of members across all pages. */
  readonly totalCount: Scalars['Int']['output'];
};

/** One member of a department. */
export type DepartmentAgentEdge = {
  readonly __typename?: 'DepartmentAgentEdge';
  /** The member's Rocket.Chat user id. */
  readonly agentId: Scalars['ID']['output'];
  /** Opaque position of this member in the department's list; pass it as `after` to continue from here. */
  readonly cursor: Scalars['String']['output'];
  /** The member as an agent; null when the user no longer holds the agent role (set up outside the gateway). */
  readonly node?: Maybe<Agent>;
  /** The member's place in the department's routing order (lower is offered chats first). */
  readonly order: Scalars['Int']['output'];
};

/** A page of departments. */
export type DepartmentConnection = {
  readonly __typename?: 'DepartmentConnection';
  readonly edges: ReadonlyArray<DepartmentEdge>;
  /** The same departments as `edges`, without cursors. */
  readonly nodes: ReadonlyArray<Department>;
  readonly pageInfo: PageInfo;
  /** Number of departments matching the filters, across all pages. */
  readonly totalCount: Scalars['Int']['output'];
};

/** One department in a page of departments. */
export type DepartmentEdge = {
  readonly __typename?: 'DepartmentEdge';
  /** Opaque position of this department in the list; pass it as `after` to continue from here. */
  readonly cursor: Scalars['String']['output'];
  readonly node: Department;
};

/** The directory's refresh, per platform. */
export type DirectorySync = {
  readonly __typename?: 'DirectorySync';
  /** Identities across platforms. */
  readonly identities: Scalars['Int']['output'];
  readonly platforms: ReadonlyArray<PlatformSync>;
  /** Whether a refresh runs now (on any replica). */
  readonly running: Scalars['Boolean']['output'];
};

/** An e-mail address of a Rocket.Chat user. */
export type Email = {
  readonly __typename?: 'Email';
  readonly address: Scalars['String']['output'];
  readonly verified: Scalars['Boolean']['output'];
};

export type ImiOnboardingInput = {
  readonly loginId: Scalars['String']['input'];
  /** Never logged or returned, and stored only as a salted scrypt (to tell a replay from another request). */
  readonly password: Scalars['String']['input'];
  readonly privileges: ReadonlyArray<PrivilegeInput>;
};

/** Bounds on a count; every bound given must hold. */
export type IntRange = {
  readonly gt?: InputMaybe<Scalars['Int']['input']>;
  readonly gte?: InputMaybe<Scalars['Int']['input']>;
  readonly lt?: InputMaybe<Scalars['Int']['input']>;
  readonly lte?: InputMaybe<Scalars['Int']['input']>;
};

/** One Omnichannel event from Rocket.Chat. */
export type LivechatEvent = {
  readonly __typename?: 'LivechatEvent';
  /**
   * The agent serving the room after the event, read live from Rocket.Chat when selected (null when the
   * room has no agent, or the lookup failed: then an error names the provider).
   */
  readonly agent?: Maybe<Agent>;
  /** When it happened, as the platform says (closing time, message time); else when the gateway received it. */
  readonly at: Scalars['DateTime']['output'];
  /** The room's department after the event; null when it has none. */
  readonly departmentId?: Maybe<Scalars['ID']['output']>;
  readonly messages: ReadonlyArray<LivechatMessage>;
  /** The agent who served the room before (SESSION_FORWARDED only). */
  readonly previousAgent?: Maybe<Agent>;
  /** The department the session came from (SESSION_FORWARDED only). */
  readonly previousDepartmentId?: Maybe<Scalars['ID']['output']>;
  /** The Livechat room; null only for OFFLINE_MESSAGE. */
  readonly roomId?: Maybe<Scalars['ID']['output']>;
  readonly type: LivechatEventType;
  readonly visitor?: Maybe<LivechatVisitor>;
};

/** What happened in a Rocket.Chat Livechat room (one value per kind of Omnichannel webhook). */
export type LivechatEventType =
  /** A visitor left contact details in a message (`LeadCapture`). */
  | 'LEAD_CAPTURED'
  /** A message was sent in the room (`Message`). */
  | 'MESSAGE'
  /** A visitor left a message while no agent was online (`LivechatOfflineMessage`); it has no room. */
  | 'OFFLINE_MESSAGE'
  /** The session was closed (`LivechatSession`). */
  | 'SESSION_CLOSED'
  /** The room was edited, e.g. its tags or custom fields (`LivechatEdit`). */
  | 'SESSION_EDITED'
  /** The session moved to another agent or department (`LivechatSessionForwarded`). */
  | 'SESSION_FORWARDED'
  /** The session entered a department's queue (`LivechatSessionQueued`). */
  | 'SESSION_QUEUED'
  /** A visitor started a session (`LivechatSessionStart`). */
  | 'SESSION_STARTED'
  /** An agent took the session (`LivechatSessionTaken`). */
  | 'SESSION_TAKEN';

/** A message carried by the event: session events carry the room's messages so far, MESSAGE events the new one. */
export type LivechatMessage = {
  readonly __typename?: 'LivechatMessage';
  readonly at: Scalars['DateTime']['output'];
  /** Whether an agent (rather than the visitor) wrote it. */
  readonly fromAgent: Scalars['Boolean']['output'];
  /** Rocket.Chat's message id; null on offline messages. */
  readonly id?: Maybe<Scalars['ID']['output']>;
  readonly text: Scalars['String']['output'];
};

/** Whether an agent accepts new Livechat conversations. */
export type LivechatStatus =
  | 'AVAILABLE'
  | 'NOT_AVAILABLE';

/** The Livechat visitor, as the event describes them. */
export type LivechatVisitor = {
  readonly __typename?: 'LivechatVisitor';
  /** Every e-mail address the visitor gave. */
  readonly emails: ReadonlyArray<Scalars['String']['output']>;
  /** Rocket.Chat's visitor id; null on offline messages, which carry none. */
  readonly id?: Maybe<Scalars['ID']['output']>;
  readonly name?: Maybe<Scalars['String']['output']>;
  /** Every phone number the visitor gave. */
  readonly phones: ReadonlyArray<Scalars['String']['output']>;
};

export type Mutation = {
  readonly __typename?: 'Mutation';
  /**
   * Creates an IMI Customer Care (team-level) user. Not safe to repeat blindly: when the answer is lost
   * (a timeout or dropped connection), the error code is UPSTREAM_OUTCOME_UNKNOWN and the user may exist;
   * look it up (or create again and expect USER_ALREADY_EXISTS) before retrying.
   */
  readonly createCustomerCareUser?: Maybe<CreateCustomerCareUserPayload>;
  /**
   * Creates a Rocket.Chat user with the Livechat roles and departments asked for, without joining the
   * workspace's default channels. Not repeatable: Rocket.Chat's create is not idempotent, so the gateway
   * looks the username up first (USERNAME_TAKEN) and never retries the create; an e-mail address in use is
   * EMAIL_TAKEN. If the answer is lost the error says the outcome is unknown: look the username up before
   * trying again. A new agent starts AVAILABLE.
   */
  readonly createRocketChatUser?: Maybe<CreateRocketChatUserPayload>;
  /**
   * Gets the Jelou widget user with this id, creating it (and its rooms) when it does not exist yet.
   * Safe to repeat: a second call with the same id returns the same user and rooms.
   */
  readonly createWidgetUser?: Maybe<CreateWidgetUserPayload>;
  /**
   * Offboards a person: takes away the Livechat agent and manager roles, deactivates the Rocket.Chat user
   * when asked, and marks IMI UNSUPPORTED (IMI documents no way to deactivate a user: the step's message
   * says what to do by hand). Same `idempotencyKey` rules as onboarding.
   */
  readonly offboardPerson?: Maybe<OffboardPersonPayload>;
  /**
   * Onboards a person on Rocket.Chat and IMI in one workflow: every input is checked before any call; the
   * Rocket.Chat user is looked up and created only if absent, given its roles and departments; the IMI user
   * is created last (IMI cannot delete one). If a step is refused, what this workflow did is undone
   * (COMPENSATED); an IMI create without an answer is UNKNOWN and never undone blindly. The same
   * `idempotencyKey` replays the recorded answer without calling any platform; with another input it is
   * IDEMPOTENCY_KEY_REUSED.
   */
  readonly onboardPerson?: Maybe<OnboardPersonPayload>;
  /**
   * Gives an existing Rocket.Chat user the Livechat role. Safe to repeat: for a user who already holds the
   * role nothing is sent to the platform (their availability, departments and chat limit stay as they are)
   * and the answer is the same. A new agent starts AVAILABLE (Rocket.Chat's rule). An unknown username is a
   * userError UNKNOWN_USER.
   */
  readonly registerAgent?: Maybe<RegisterAgentPayload>;
  /**
   * Takes the Livechat role away from a user. Safe to repeat: removing a user who does not hold the role
   * succeeds. For AGENT, Rocket.Chat also removes the user from every Livechat department and clears their
   * Livechat status and chat limit — whether or not the role was held; registering again starts from
   * nothing. An unknown user id is a userError UNKNOWN_USER.
   */
  readonly removeAgent?: Maybe<RemoveAgentPayload>;
  /**
   * Sets whether an agent takes new chats, always as an explicit status (never a toggle), so it is safe to
   * repeat. While the workspace's business hours are closed Rocket.Chat keeps the old status (and says
   * success): the payload then carries BUSINESS_HOURS_CLOSED and the agent as it still is. A user who is not
   * an agent is UNKNOWN_USER; a deactivated user USER_DEACTIVATED.
   */
  readonly setAgentAvailability?: Maybe<SetAgentAvailabilityPayload>;
  /**
   * Puts an agent in exactly these Livechat departments: adds the missing memberships and removes the others;
   * memberships kept keep their routing order. Safe to repeat, also after a failure part-way (each step is one
   * department call, and what was done stays done). A user who is not an agent is UNKNOWN_USER; an id that names
   * no department is UNKNOWN_DEPARTMENT, checked before any change (a department deleted while the calls run can
   * still stop it part-way: repeat the mutation).
   */
  readonly setAgentDepartments?: Maybe<SetAgentDepartmentsPayload>;
  /**
   * Activates or deactivates a Rocket.Chat user. Safe to repeat. Deactivating an agent also makes them
   * NOT_AVAILABLE (activating does not make them available again). The gateway's own service account, and
   * the workspace's last active admin, cannot be deactivated (PROTECTED_USER).
   */
  readonly setRocketChatUserActive?: Maybe<SetRocketChatUserActivePayload>;
  /** Starts a refresh of the directory now (unless one runs). */
  readonly syncDirectory?: Maybe<SyncDirectoryPayload>;
};


export type MutationCreateCustomerCareUserArgs = {
  input: CreateCustomerCareUserInput;
};


export type MutationCreateRocketChatUserArgs = {
  input: CreateRocketChatUserInput;
};


export type MutationCreateWidgetUserArgs = {
  input: CreateWidgetUserInput;
};


export type MutationOffboardPersonArgs = {
  idempotencyKey: Scalars['String']['input'];
  input: OffboardPersonInput;
};


export type MutationOnboardPersonArgs = {
  idempotencyKey: Scalars['String']['input'];
  input: OnboardPersonInput;
};


export type MutationRegisterAgentArgs = {
  input: RegisterAgentInput;
};


export type MutationRemoveAgentArgs = {
  input: RemoveAgentInput;
};


export type MutationSetAgentAvailabilityArgs = {
  input: SetAgentAvailabilityInput;
};


export type MutationSetAgentDepartmentsArgs = {
  input: SetAgentDepartmentsInput;
};


export type MutationSetRocketChatUserActiveArgs = {
  input: SetRocketChatUserActiveInput;
};

export type OffboardPersonInput = {
  /** Also deactivate the Rocket.Chat user (default false: only the Livechat roles go). */
  readonly deactivateRocketChatUser?: InputMaybe<Scalars['Boolean']['input']>;
  readonly email?: InputMaybe<Scalars['String']['input']>;
  /** The directory's id; or give `email`. */
  readonly personId?: InputMaybe<Scalars['ID']['input']>;
};

export type OffboardPersonPayload = {
  readonly __typename?: 'OffboardPersonPayload';
  readonly person?: Maybe<Person>;
  readonly userErrors: ReadonlyArray<UserError>;
  readonly workflow?: Maybe<Workflow>;
};

export type OnboardPersonInput = {
  readonly email: Scalars['String']['input'];
  readonly firstName: Scalars['String']['input'];
  /** The IMI part; leave it out to onboard on Rocket.Chat only. */
  readonly imi?: InputMaybe<ImiOnboardingInput>;
  readonly lastName: Scalars['String']['input'];
  /** The Rocket.Chat part; leave it out to onboard on IMI only. */
  readonly rocketChat?: InputMaybe<RocketChatOnboardingInput>;
};

export type OnboardPersonPayload = {
  readonly __typename?: 'OnboardPersonPayload';
  /** The person as the directory has them after the workflow; null when refused before any step. */
  readonly person?: Maybe<Person>;
  readonly userErrors: ReadonlyArray<UserError>;
  readonly workflow?: Maybe<Workflow>;
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

/**
 * One person across platforms: every identity (a Rocket.Chat user, an IMI Customer Care user) with the same
 * e-mail address, compared case-insensitively. Read from the gateway's directory, which refreshes itself
 * from the platforms in the background (see `directorySync`); the platform fields resolve live.
 */
export type Person = {
  readonly __typename?: 'Person';
  /** The person's IMI user; null when they have none (looked up live). */
  readonly customerCareUser?: Maybe<CustomerCareUser>;
  /** A name to show, from the identities. */
  readonly displayName?: Maybe<Scalars['String']['output']>;
  /** The address that links the identities, lower-cased. */
  readonly email: Scalars['String']['output'];
  /** The directory's id for this person (stable while the person has an identity anywhere). */
  readonly id: Scalars['ID']['output'];
  /**
   * Every identity, looked up live on its platform (an identity the platform no longer has is left out); null,
   * with an error naming the platform, when a lookup failed — the rest of the person (and of the page) stays.
   */
  readonly identities?: Maybe<ReadonlyArray<User>>;
  /** The platforms the person has an identity on (from the directory: no platform call). */
  readonly platforms: ReadonlyArray<Platform>;
  /** The person's Rocket.Chat user as a Livechat agent; null when they hold no agent role (looked up live). */
  readonly rocketChatAgent?: Maybe<Agent>;
  /** The person's Rocket.Chat user as a Livechat manager; null when they hold no manager role (looked up live). */
  readonly rocketChatManager?: Maybe<Agent>;
};

/** A page of the directory. */
export type PersonConnection = {
  readonly __typename?: 'PersonConnection';
  readonly edges: ReadonlyArray<PersonEdge>;
  readonly nodes: ReadonlyArray<Person>;
  readonly pageInfo: PageInfo;
  readonly totalCount: Scalars['Int']['output'];
};

/** One person in a page of people. */
export type PersonEdge = {
  readonly __typename?: 'PersonEdge';
  readonly cursor: Scalars['String']['output'];
  readonly node: Person;
};

/** The chat platforms behind the gateway. */
export type Platform =
  /** IMI / Webex Engage: Customer Care users with team privileges. */
  | 'IMI'
  /** Jelou: widget users and their rooms. */
  | 'JELOU'
  /** Rocket.Chat: Livechat agents and managers. */
  | 'ROCKETCHAT';

/** How far the directory's refresh of one platform got. */
export type PlatformSync = {
  readonly __typename?: 'PlatformSync';
  /** Identities of this platform the directory holds. */
  readonly identities: Scalars['Int']['output'];
  /** Why the last refresh was not applied (a stable code and a short reason); null after a success. */
  readonly lastError?: Maybe<Scalars['String']['output']>;
  /** When the last complete refresh was applied. */
  readonly lastFinishedAt?: Maybe<Scalars['DateTime']['output']>;
  readonly lastStartedAt?: Maybe<Scalars['DateTime']['output']>;
  readonly platform: Platform;
  readonly running: Scalars['Boolean']['output'];
};

/** A role held in one IMI team. */
export type Privilege = {
  readonly __typename?: 'Privilege';
  readonly role: TeamRole;
  /** IMI team id (a positive whole number). */
  readonly teamId: Scalars['ID']['output'];
};

export type PrivilegeInput = {
  readonly role: TeamRole;
  /** IMI team id: a positive whole number. */
  readonly teamId: Scalars['ID']['input'];
};

export type Query = {
  readonly __typename?: 'Query';
  /** One user holding the given Livechat role; null when the user does not exist or lacks the role. */
  readonly agent?: Maybe<Agent>;
  /**
   * Lists the users holding a Livechat role, sorted by name (byte order, as the platform's database
   * compares; users without a name first; equal names in a fixed order, so ties never make pages skip or
   * repeat anyone — a write between pages still shifts positions, as with any offset paging). `first` is at most 100 (the platform's page
   * cap; larger values are refused with BAD_USER_INPUT) and defaults to 50. `onlyAvailable`, `excludeId`
   * and `includeIdle` filter agents only and are refused for MANAGER.
   */
  readonly agents?: Maybe<AgentConnection>;
  /** One IMI user by id; null when IMI has none with that id. */
  readonly customerCareUser?: Maybe<CustomerCareUser>;
  /** Searches IMI users, 10 a page. `page` starts at 1 (at most 10000). */
  readonly customerCareUsers?: Maybe<CustomerCareUserPage>;
  /** One department; null when the platform has none with this id. */
  readonly department?: Maybe<Department>;
  /**
   * Lists Livechat departments by name (archived ones left out). `first` is 0 to 100 (default 50).
   * `enabled: true` lists only enabled departments; `enabled: false` is refused with BAD_USER_INPUT, because
   * Rocket.Chat cannot list only disabled ones (leave it out to list all).
   */
  readonly departments?: Maybe<DepartmentConnection>;
  /** Where the directory's background refresh stands. */
  readonly directorySync?: Maybe<DirectorySync>;
  /**
   * The directory, by e-mail address. Read from the gateway's store, never from the platforms (only the
   * platform fields of each person are looked up live). `first` is 0 to 100 (default 50).
   */
  readonly people?: Maybe<PersonConnection>;
  /** One person by directory id or e-mail address (exactly one); null when the directory has none. */
  readonly person?: Maybe<Person>;
  /** A Rocket.Chat user by username or by id (exactly one of them); null when none has it. */
  readonly rocketChatUser?: Maybe<RocketChatUser>;
  /** One onboarding or offboarding; null when the tenant has none with this id. */
  readonly workflow?: Maybe<Workflow>;
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


export type QueryCustomerCareUserArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCustomerCareUsersArgs = {
  filter?: InputMaybe<CustomerCareUserFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDepartmentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDepartmentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryPeopleArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  platform?: InputMaybe<Platform>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryPersonArgs = {
  email?: InputMaybe<Scalars['String']['input']>;
  id?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryRocketChatUserArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
};


export type QueryWorkflowArgs = {
  id: Scalars['ID']['input'];
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

export type RocketChatOnboardingInput = {
  /** Departments to put the agent in (needs AGENT). */
  readonly departmentIds?: InputMaybe<ReadonlyArray<Scalars['ID']['input']>>;
  /** Used only if the user is created; never logged or returned, and stored only as a salted scrypt (to tell a replay from another request). */
  readonly password: Scalars['String']['input'];
  /** The Livechat roles to give (at least one). */
  readonly roles: ReadonlyArray<AgentType>;
  /** Letters, digits, dots, hyphens and underscores. */
  readonly username: Scalars['String']['input'];
};

/** A Rocket.Chat user account, whatever Livechat roles it holds. */
export type RocketChatUser = User & {
  readonly __typename?: 'RocketChatUser';
  /** False once the user is deactivated (cannot log in, takes no chats). */
  readonly active: Scalars['Boolean']['output'];
  /** The user as a Livechat agent; null when not an agent. */
  readonly agent?: Maybe<Agent>;
  /** The user's name, else the username. */
  readonly displayName?: Maybe<Scalars['String']['output']>;
  /** E-mail addresses; empty when the platform has none. */
  readonly emails: ReadonlyArray<Email>;
  /** The Rocket.Chat user id (the same id as the user's `Agent`). */
  readonly id: Scalars['ID']['output'];
  /** Holds the Livechat agent role. */
  readonly isAgent: Scalars['Boolean']['output'];
  /** Holds the Livechat manager role. */
  readonly isManager: Scalars['Boolean']['output'];
  /** The Livechat roles held. */
  readonly livechatRoles: ReadonlyArray<AgentType>;
  readonly name?: Maybe<Scalars['String']['output']>;
  /** Always ROCKETCHAT. */
  readonly platform: Platform;
  readonly username?: Maybe<Scalars['String']['output']>;
};

/** A Jelou room: where a widget user and the bot talk. */
export type Room = {
  readonly __typename?: 'Room';
  readonly avatarUrl?: Maybe<Scalars['String']['output']>;
  /** `Widget` for widget rooms. */
  readonly channel?: Maybe<Scalars['String']['output']>;
  readonly channelProvider?: Maybe<Scalars['String']['output']>;
  readonly createdAt?: Maybe<Scalars['DateTime']['output']>;
  readonly deleted?: Maybe<Scalars['Boolean']['output']>;
  /** Jelou's room id; a widget room's looks like `G:<botId>:<user id>`. */
  readonly id: Scalars['ID']['output'];
  /** Jelou's room kind, as the platform reports it. */
  readonly kind?: Maybe<Scalars['String']['output']>;
  readonly lastMessageAt?: Maybe<Scalars['DateTime']['output']>;
  /** Ids of the room's members. */
  readonly members: ReadonlyArray<Scalars['ID']['output']>;
  readonly name?: Maybe<Scalars['String']['output']>;
  readonly tags: ReadonlyArray<Scalars['String']['output']>;
  /** Jelou's room type, as the platform reports it (its set of values is not published). */
  readonly type?: Maybe<Scalars['String']['output']>;
  readonly updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type SetAgentAvailabilityInput = {
  /** Rocket.Chat user id of the agent. */
  readonly agentId: Scalars['ID']['input'];
  /** True: the agent takes new chats (AVAILABLE). False: NOT_AVAILABLE. */
  readonly available: Scalars['Boolean']['input'];
};

export type SetAgentAvailabilityPayload = {
  readonly __typename?: 'SetAgentAvailabilityPayload';
  /** The agent as it is now (also when the platform kept the old status); null when the user is unknown. */
  readonly agent?: Maybe<Agent>;
  readonly userErrors: ReadonlyArray<UserError>;
};

export type SetAgentDepartmentsInput = {
  /** Rocket.Chat user id of the agent. */
  readonly agentId: Scalars['ID']['input'];
  /** Every department the agent should be in, and no other (at most 100; an empty list removes the agent from all). */
  readonly departmentIds: ReadonlyArray<Scalars['ID']['input']>;
};

export type SetAgentDepartmentsPayload = {
  readonly __typename?: 'SetAgentDepartmentsPayload';
  /** The agent as it is now; null when the change was refused (see userErrors). */
  readonly agent?: Maybe<Agent>;
  readonly userErrors: ReadonlyArray<UserError>;
};

export type SetRocketChatUserActiveInput = {
  readonly active: Scalars['Boolean']['input'];
  readonly userId: Scalars['ID']['input'];
};

export type SetRocketChatUserActivePayload = {
  readonly __typename?: 'SetRocketChatUserActivePayload';
  /** The user as it is now; null when the change was refused. */
  readonly user?: Maybe<RocketChatUser>;
  readonly userErrors: ReadonlyArray<UserError>;
};

export type Subscription = {
  readonly __typename?: 'Subscription';
  /**
   * Rocket.Chat Livechat events of the caller's tenant, as Rocket.Chat's Omnichannel webhook delivers
   * them to POST /webhooks/rocketchat/<tenant>. Needs the `events:read` scope (and `read` to select
   * `agent` or `previousAgent`, which are read live). Filters: only these types (all when omitted), only
   * rooms of this department, or forwarded away from it (when given).
   */
  readonly livechatEvents: LivechatEvent;
  /**
   * Jelou widget events of the caller's tenant, as delivered to POST /webhooks/jelou/<tenant>/<secret>.
   * Needs the `events:read` scope. Only these types (all when omitted).
   */
  readonly widgetEvents: WidgetEvent;
};


export type SubscriptionLivechatEventsArgs = {
  departmentId?: InputMaybe<Scalars['ID']['input']>;
  types?: InputMaybe<ReadonlyArray<LivechatEventType>>;
};


export type SubscriptionWidgetEventsArgs = {
  types?: InputMaybe<ReadonlyArray<WidgetEventType>>;
};

export type SyncDirectoryPayload = {
  readonly __typename?: 'SyncDirectoryPayload';
  /** True when this call started a refresh; false when one was already running (it is not started twice). */
  readonly started: Scalars['Boolean']['output'];
  readonly sync?: Maybe<DirectorySync>;
};

/** A user's role within one IMI team. */
export type TeamRole =
  | 'TEAM_AGENT'
  | 'TEAM_ANALYST'
  | 'TEAM_MANAGER';

/**
 * A person on one of the platforms: the common face of `WidgetUser` (Jelou), `CustomerCareUser` (IMI) and
 * `Agent` (Rocket.Chat). `id` is the platform's own id, unique only together with `platform`.
 */
export type User = {
  /** A name to show: the platform's display name, else its login name; null when it has neither. */
  readonly displayName?: Maybe<Scalars['String']['output']>;
  readonly id: Scalars['ID']['output'];
  readonly platform: Platform;
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
  /** Rocket.Chat kept the agent's old status because the workspace's business hours are closed. */
  | 'BUSINESS_HOURS_CLOSED'
  /**
   * The user was created but not put in every department asked for (the message says why). The user exists:
   * finish with setAgentDepartments, do not create it again.
   */
  | 'DEPARTMENTS_NOT_SET'
  /** Another user already has this e-mail address (IMI 3111). */
  | 'EMAIL_TAKEN'
  /** The idempotency key was used before with another input: use a new key for a new request. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** An input value is malformed or out of range; `field` names it. */
  | 'INVALID_INPUT'
  /** The change would lock the gateway out of the platform (e.g. removing its own service account's manager role). */
  | 'PROTECTED_USER'
  /** The platform knows no team with the given id (IMI 2010). */
  | 'TEAM_NOT_FOUND'
  /** An id names no Livechat department; `field` points at it. */
  | 'UNKNOWN_DEPARTMENT'
  /** The directory has no person with this id or e-mail address. */
  | 'UNKNOWN_PERSON'
  /** The user named by the input does not exist on the platform. */
  | 'UNKNOWN_USER'
  /** A Rocket.Chat user already has this username. */
  | 'USERNAME_TAKEN'
  /** A user with this login id already exists on the platform (IMI 3102). */
  | 'USER_ALREADY_EXISTS'
  /** The user is deactivated on the platform. */
  | 'USER_DEACTIVATED'
  /** A workflow with this idempotency key is still running on another request; ask again for its answer. */
  | 'WORKFLOW_IN_PROGRESS';

/** One widget event from Jelou. */
export type WidgetEvent = {
  readonly __typename?: 'WidgetEvent';
  /** When it happened, as Jelou says; else when the gateway received it. */
  readonly at: Scalars['DateTime']['output'];
  /** The Jelou bot concerned, when the payload names it. */
  readonly botId?: Maybe<Scalars['ID']['output']>;
  /** The person's names, when the payload carries them. */
  readonly names?: Maybe<Scalars['String']['output']>;
  /** The room concerned; null when Jelou's payload names none. */
  readonly roomId?: Maybe<Scalars['ID']['output']>;
  /** The texts of a MESSAGE_USER event's text messages, in order. */
  readonly texts: ReadonlyArray<Scalars['String']['output']>;
  readonly type: WidgetEventType;
  /**
   * The person concerned: the new user (USER_NEW), the member (ROOM_MEMBER_*), the sender
   * (MESSAGE_USER), whoever opened the conversation (CONVERSATION_OPEN). Jelou's own id for them.
   */
  readonly userId?: Maybe<Scalars['ID']['output']>;
};

/** What happened to a Jelou widget user or room (Jelou's widget webhook events). */
export type WidgetEventType =
  /** A conversation was opened (`conversation-open`). */
  | 'CONVERSATION_OPEN'
  /** A widget user wrote to the bot (`message:user`). */
  | 'MESSAGE_USER'
  /** A member joined a room (`room-member-add`). */
  | 'ROOM_MEMBER_ADD'
  /** A member left a room (`room-member-remove`). */
  | 'ROOM_MEMBER_REMOVE'
  /** A widget user was created (`user-new`). */
  | 'USER_NEW';

/** A person who chats with a Jelou bot through its web widget. */
export type WidgetUser = User & {
  readonly __typename?: 'WidgetUser';
  /** The Jelou bot the user talks to. */
  readonly botId?: Maybe<Scalars['ID']['output']>;
  /** The Jelou company owning the bot. */
  readonly companyId?: Maybe<Scalars['ID']['output']>;
  readonly createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** The user's names. */
  readonly displayName?: Maybe<Scalars['String']['output']>;
  /** The user's group room. */
  readonly groupRoom?: Maybe<Room>;
  readonly groupRoomId?: Maybe<Scalars['ID']['output']>;
  /** The id you chose when creating the user (Jelou's `referenceId`). */
  readonly id: Scalars['ID']['output'];
  readonly names?: Maybe<Scalars['String']['output']>;
  /** Always JELOU. */
  readonly platform: Platform;
  /** The user's room with the bot. */
  readonly room?: Maybe<Room>;
  readonly roomId?: Maybe<Scalars['ID']['output']>;
  readonly updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** An onboarding or offboarding, recorded step by step before and after each platform call. */
export type Workflow = {
  readonly __typename?: 'Workflow';
  readonly finishedAt?: Maybe<Scalars['DateTime']['output']>;
  readonly id: Scalars['ID']['output'];
  readonly kind: WorkflowKind;
  readonly startedAt: Scalars['DateTime']['output'];
  readonly status: WorkflowStatus;
  readonly steps: ReadonlyArray<WorkflowStep>;
};

export type WorkflowKind =
  | 'OFFBOARD'
  | 'ONBOARD';

export type WorkflowStatus =
  /** A step was refused; what this workflow had done was undone. */
  | 'COMPENSATED'
  /** A step failed and what this workflow did could not all be undone (see the steps). */
  | 'FAILED'
  /** The replica running it stopped mid-way; the steps say what happened. */
  | 'INTERRUPTED'
  /** Steps are still running. */
  | 'RUNNING'
  /** Every step is done or was already so. */
  | 'SUCCEEDED'
  /** A step's outcome is unknown (the platform may have acted): check the platform before trying again. */
  | 'UNKNOWN';

/** One step of a workflow: one change on one platform. */
export type WorkflowStep = {
  readonly __typename?: 'WorkflowStep';
  /** What the step does, e.g. CREATE_USER, GRANT_AGENT_ROLE, SET_DEPARTMENTS, CREATE_CUSTOMER_CARE_USER. */
  readonly action: Scalars['String']['output'];
  /** A stable code (an error code or userError code) when the step did not simply succeed. */
  readonly code?: Maybe<Scalars['String']['output']>;
  readonly message?: Maybe<Scalars['String']['output']>;
  readonly platform: Platform;
  readonly status: WorkflowStepStatus;
};

export type WorkflowStepStatus =
  /** Done by this workflow, then undone after a later step failed. */
  | 'COMPENSATED'
  /** Done by this workflow. */
  | 'DONE'
  | 'FAILED'
  /** Not run (an earlier step failed). */
  | 'NOT_RUN'
  | 'RUNNING'
  /** Already so: nothing to do. */
  | 'SKIPPED'
  /** Sent, but the outcome is unknown (no answer): the platform may have acted. */
  | 'UNKNOWN'
  /** The platform offers no way to do it: `message` says what to do by hand. */
  | 'UNSUPPORTED';



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
  CustomerCareUser: CustomerCareUser;
  Department: Department;
  Person: Person;
  RocketChatUser: RocketChatUser;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Agent:
    ( { __typename: 'Agent' }
    & GraphQLRecursivePick<FederationTypes['Agent'], {"id":true}> );
  CustomerCareUser:
    ( { __typename: 'CustomerCareUser' }
    & GraphQLRecursivePick<FederationTypes['CustomerCareUser'], {"id":true}> );
  Department:
    ( { __typename: 'Department' }
    & GraphQLRecursivePick<FederationTypes['Department'], {"id":true}> );
  Person:
    ( { __typename: 'Person' }
    & GraphQLRecursivePick<FederationTypes['Person'], {"id":true}> );
  RocketChatUser:
    ( { __typename: 'RocketChatUser' }
    & GraphQLRecursivePick<FederationTypes['RocketChatUser'], {"id":true}> );
};


/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = {
  User:
    | ( AgentModel )
    | ( CustomerCareUserModel )
    | ( RocketChatUserModel )
    | ( WidgetUserModel )
  ;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Agent: ResolverTypeWrapper<AgentModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AgentConnection: ResolverTypeWrapper<AgentPageModel>;
  AgentEdge: ResolverTypeWrapper<Omit<AgentEdge, 'node'> & { node: ResolversTypes['Agent'] }>;
  AgentStatus: AgentStatus;
  AgentType: AgentType;
  CreateCustomerCareUserInput: CreateCustomerCareUserInput;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CreateCustomerCareUserPayload: ResolverTypeWrapper<CreateCustomerCareUserPayloadModel>;
  CreateRocketChatUserInput: CreateRocketChatUserInput;
  CreateRocketChatUserPayload: ResolverTypeWrapper<RocketChatUserPayloadModel>;
  CreateWidgetUserInput: CreateWidgetUserInput;
  CreateWidgetUserPayload: ResolverTypeWrapper<CreateWidgetUserPayloadModel>;
  CustomerCareRoleType: CustomerCareRoleType;
  CustomerCareUser: ResolverTypeWrapper<CustomerCareUserModel>;
  CustomerCareUserFilter: CustomerCareUserFilter;
  CustomerCareUserPage: ResolverTypeWrapper<CustomerCareUserPageModel>;
  CustomerCareUserStatus: CustomerCareUserStatus;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DateTimeRange: DateTimeRange;
  Department: ResolverTypeWrapper<DepartmentRefModel>;
  DepartmentAgentConnection: ResolverTypeWrapper<DepartmentMemberPageModel>;
  DepartmentAgentEdge: ResolverTypeWrapper<DepartmentMemberEdgeModel>;
  DepartmentConnection: ResolverTypeWrapper<DepartmentPageModel>;
  DepartmentEdge: ResolverTypeWrapper<Omit<DepartmentEdge, 'node'> & { node: ResolversTypes['Department'] }>;
  DirectorySync: ResolverTypeWrapper<DirectorySyncModel>;
  Email: ResolverTypeWrapper<Email>;
  ImiOnboardingInput: ImiOnboardingInput;
  IntRange: IntRange;
  JSONObject: ResolverTypeWrapper<Scalars['JSONObject']['output']>;
  LivechatEvent: ResolverTypeWrapper<LivechatEventModel>;
  LivechatEventType: LivechatEventType;
  LivechatMessage: ResolverTypeWrapper<LivechatMessageModel>;
  LivechatStatus: LivechatStatus;
  LivechatVisitor: ResolverTypeWrapper<LivechatVisitorModel>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OffboardPersonInput: OffboardPersonInput;
  OffboardPersonPayload: ResolverTypeWrapper<PersonPayloadModel>;
  OnboardPersonInput: OnboardPersonInput;
  OnboardPersonPayload: ResolverTypeWrapper<PersonPayloadModel>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Person: ResolverTypeWrapper<PersonRecord>;
  PersonConnection: ResolverTypeWrapper<PeoplePageModel>;
  PersonEdge: ResolverTypeWrapper<Omit<PersonEdge, 'node'> & { node: ResolversTypes['Person'] }>;
  Platform: Platform;
  PlatformSync: ResolverTypeWrapper<SyncState>;
  Privilege: ResolverTypeWrapper<PrivilegeModel>;
  PrivilegeInput: PrivilegeInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegisterAgentInput: RegisterAgentInput;
  RegisterAgentPayload: ResolverTypeWrapper<RegisterAgentPayloadModel>;
  RemoveAgentInput: RemoveAgentInput;
  RemoveAgentPayload: ResolverTypeWrapper<RemoveAgentPayloadModel>;
  RocketChatOnboardingInput: RocketChatOnboardingInput;
  RocketChatUser: ResolverTypeWrapper<RocketChatUserModel>;
  Room: ResolverTypeWrapper<RoomModel>;
  SetAgentAvailabilityInput: SetAgentAvailabilityInput;
  SetAgentAvailabilityPayload: ResolverTypeWrapper<AgentPayloadModel>;
  SetAgentDepartmentsInput: SetAgentDepartmentsInput;
  SetAgentDepartmentsPayload: ResolverTypeWrapper<AgentPayloadModel>;
  SetRocketChatUserActiveInput: SetRocketChatUserActiveInput;
  SetRocketChatUserActivePayload: ResolverTypeWrapper<RocketChatUserPayloadModel>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SyncDirectoryPayload: ResolverTypeWrapper<SyncDirectoryPayloadModel>;
  TeamRole: TeamRole;
  User: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['User']>;
  UserError: ResolverTypeWrapper<UserError>;
  UserErrorCode: UserErrorCode;
  WidgetEvent: ResolverTypeWrapper<WidgetEventModel>;
  WidgetEventType: WidgetEventType;
  WidgetUser: ResolverTypeWrapper<WidgetUserModel>;
  Workflow: ResolverTypeWrapper<WorkflowRecord>;
  WorkflowKind: WorkflowKind;
  WorkflowStatus: WorkflowStatus;
  WorkflowStep: ResolverTypeWrapper<WorkflowStepRecord>;
  WorkflowStepStatus: WorkflowStepStatus;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Agent: AgentModel;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  AgentConnection: AgentPageModel;
  AgentEdge: Omit<AgentEdge, 'node'> & { node: ResolversParentTypes['Agent'] };
  CreateCustomerCareUserInput: CreateCustomerCareUserInput;
  Boolean: Scalars['Boolean']['output'];
  CreateCustomerCareUserPayload: CreateCustomerCareUserPayloadModel;
  CreateRocketChatUserInput: CreateRocketChatUserInput;
  CreateRocketChatUserPayload: RocketChatUserPayloadModel;
  CreateWidgetUserInput: CreateWidgetUserInput;
  CreateWidgetUserPayload: CreateWidgetUserPayloadModel;
  CustomerCareUser: CustomerCareUserModel;
  CustomerCareUserFilter: CustomerCareUserFilter;
  CustomerCareUserPage: CustomerCareUserPageModel;
  DateTime: Scalars['DateTime']['output'];
  DateTimeRange: DateTimeRange;
  Department: DepartmentRefModel;
  DepartmentAgentConnection: DepartmentMemberPageModel;
  DepartmentAgentEdge: DepartmentMemberEdgeModel;
  DepartmentConnection: DepartmentPageModel;
  DepartmentEdge: Omit<DepartmentEdge, 'node'> & { node: ResolversParentTypes['Department'] };
  DirectorySync: DirectorySyncModel;
  Email: Email;
  ImiOnboardingInput: ImiOnboardingInput;
  IntRange: IntRange;
  JSONObject: Scalars['JSONObject']['output'];
  LivechatEvent: LivechatEventModel;
  LivechatMessage: LivechatMessageModel;
  LivechatVisitor: LivechatVisitorModel;
  Mutation: Record<PropertyKey, never>;
  OffboardPersonInput: OffboardPersonInput;
  OffboardPersonPayload: PersonPayloadModel;
  OnboardPersonInput: OnboardPersonInput;
  OnboardPersonPayload: PersonPayloadModel;
  PageInfo: PageInfo;
  Person: PersonRecord;
  PersonConnection: PeoplePageModel;
  PersonEdge: Omit<PersonEdge, 'node'> & { node: ResolversParentTypes['Person'] };
  PlatformSync: SyncState;
  Privilege: PrivilegeModel;
  PrivilegeInput: PrivilegeInput;
  Query: Record<PropertyKey, never>;
  RegisterAgentInput: RegisterAgentInput;
  RegisterAgentPayload: RegisterAgentPayloadModel;
  RemoveAgentInput: RemoveAgentInput;
  RemoveAgentPayload: RemoveAgentPayloadModel;
  RocketChatOnboardingInput: RocketChatOnboardingInput;
  RocketChatUser: RocketChatUserModel;
  Room: RoomModel;
  SetAgentAvailabilityInput: SetAgentAvailabilityInput;
  SetAgentAvailabilityPayload: AgentPayloadModel;
  SetAgentDepartmentsInput: SetAgentDepartmentsInput;
  SetAgentDepartmentsPayload: AgentPayloadModel;
  SetRocketChatUserActiveInput: SetRocketChatUserActiveInput;
  SetRocketChatUserActivePayload: RocketChatUserPayloadModel;
  Subscription: Record<PropertyKey, never>;
  SyncDirectoryPayload: SyncDirectoryPayloadModel;
  User: ResolversInterfaceTypes<ResolversParentTypes>['User'];
  UserError: UserError;
  WidgetEvent: WidgetEventModel;
  WidgetUser: WidgetUserModel;
  Workflow: WorkflowRecord;
  WorkflowStep: WorkflowStepRecord;
};

export type AgentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Agent'] = ResolversParentTypes['Agent'], FederationReferenceType extends FederationReferenceTypes['Agent'] = FederationReferenceTypes['Agent']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Agent']> | FederationReferenceType, FederationReferenceType, ContextType>;
  departmentIds?: Resolver<Maybe<ReadonlyArray<ResolversTypes['ID']>>, ParentType, ContextType>;
  departments?: Resolver<ReadonlyArray<ResolversTypes['Department']>, ParentType, ContextType>;
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  emails?: Resolver<ReadonlyArray<ResolversTypes['Email']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  livechatStatus?: Resolver<Maybe<ResolversTypes['LivechatStatus']>, ParentType, ContextType>;
  maxSimultaneousChats?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['AgentStatus']>, ParentType, ContextType>;
  username?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
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

export type CreateCustomerCareUserPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CreateCustomerCareUserPayload'] = ResolversParentTypes['CreateCustomerCareUserPayload']> = {
  privileges?: Resolver<ReadonlyArray<ResolversTypes['Privilege']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['CustomerCareUser']>, ParentType, ContextType>;
  userErrors?: Resolver<ReadonlyArray<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type CreateRocketChatUserPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CreateRocketChatUserPayload'] = ResolversParentTypes['CreateRocketChatUserPayload']> = {
  user?: Resolver<Maybe<ResolversTypes['RocketChatUser']>, ParentType, ContextType>;
  userErrors?: Resolver<ReadonlyArray<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type CreateWidgetUserPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CreateWidgetUserPayload'] = ResolversParentTypes['CreateWidgetUserPayload']> = {
  groupRoom?: Resolver<Maybe<ResolversTypes['Room']>, ParentType, ContextType>;
  room?: Resolver<Maybe<ResolversTypes['Room']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['WidgetUser']>, ParentType, ContextType>;
  userErrors?: Resolver<ReadonlyArray<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type CustomerCareUserResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CustomerCareUser'] = ResolversParentTypes['CustomerCareUser'], FederationReferenceType extends FederationReferenceTypes['CustomerCareUser'] = FederationReferenceTypes['CustomerCareUser']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['CustomerCareUser']> | FederationReferenceType, FederationReferenceType, ContextType>;
  acceptingChats?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  activeChats?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  jobDescription?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  loggedIn?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  loginId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  loginUsingEmail?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  roleType?: Resolver<Maybe<ResolversTypes['CustomerCareRoleType']>, ParentType, ContextType>;
  skillAttributes?: Resolver<Maybe<ResolversTypes['JSONObject']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['CustomerCareUserStatus']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CustomerCareUserPageResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CustomerCareUserPage'] = ResolversParentTypes['CustomerCareUserPage']> = {
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  page?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  users?: Resolver<ReadonlyArray<ResolversTypes['CustomerCareUser']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DepartmentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Department'] = ResolversParentTypes['Department'], FederationReferenceType extends FederationReferenceTypes['Department'] = FederationReferenceTypes['Department']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Department']> | FederationReferenceType, FederationReferenceType, ContextType>;
  agents?: Resolver<Maybe<ResolversTypes['DepartmentAgentConnection']>, ParentType, ContextType, Partial<DepartmentAgentsArgs>>;
  archived?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  enabled?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  showOnOfflineForm?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  showOnRegistration?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
};

export type DepartmentAgentConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DepartmentAgentConnection'] = ResolversParentTypes['DepartmentAgentConnection']> = {
  edges?: Resolver<ReadonlyArray<ResolversTypes['DepartmentAgentEdge']>, ParentType, ContextType>;
  nodes?: Resolver<ReadonlyArray<ResolversTypes['Agent']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DepartmentAgentEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DepartmentAgentEdge'] = ResolversParentTypes['DepartmentAgentEdge']> = {
  agentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  order?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DepartmentConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DepartmentConnection'] = ResolversParentTypes['DepartmentConnection']> = {
  edges?: Resolver<ReadonlyArray<ResolversTypes['DepartmentEdge']>, ParentType, ContextType>;
  nodes?: Resolver<ReadonlyArray<ResolversTypes['Department']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DepartmentEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DepartmentEdge'] = ResolversParentTypes['DepartmentEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Department'], ParentType, ContextType>;
};

export type DirectorySyncResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DirectorySync'] = ResolversParentTypes['DirectorySync']> = {
  identities?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  platforms?: Resolver<ReadonlyArray<ResolversTypes['PlatformSync']>, ParentType, ContextType>;
  running?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type EmailResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Email'] = ResolversParentTypes['Email']> = {
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  verified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export interface JsonObjectScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSONObject'], any> {
  name: 'JSONObject';
}

export type LivechatEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LivechatEvent'] = ResolversParentTypes['LivechatEvent']> = {
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  departmentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  messages?: Resolver<ReadonlyArray<ResolversTypes['LivechatMessage']>, ParentType, ContextType>;
  previousAgent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  previousDepartmentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  roomId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['LivechatEventType'], ParentType, ContextType>;
  visitor?: Resolver<Maybe<ResolversTypes['LivechatVisitor']>, ParentType, ContextType>;
};

export type LivechatMessageResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LivechatMessage'] = ResolversParentTypes['LivechatMessage']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  fromAgent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LivechatVisitorResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LivechatVisitor'] = ResolversParentTypes['LivechatVisitor']> = {
  emails?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phones?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createCustomerCareUser?: Resolver<Maybe<ResolversTypes['CreateCustomerCareUserPayload']>, ParentType, ContextType, RequireFields<MutationCreateCustomerCareUserArgs, 'input'>>;
  createRocketChatUser?: Resolver<Maybe<ResolversTypes['CreateRocketChatUserPayload']>, ParentType, ContextType, RequireFields<MutationCreateRocketChatUserArgs, 'input'>>;
  createWidgetUser?: Resolver<Maybe<ResolversTypes['CreateWidgetUserPayload']>, ParentType, ContextType, RequireFields<MutationCreateWidgetUserArgs, 'input'>>;
  offboardPerson?: Resolver<Maybe<ResolversTypes['OffboardPersonPayload']>, ParentType, ContextType, RequireFields<MutationOffboardPersonArgs, 'idempotencyKey' | 'input'>>;
  onboardPerson?: Resolver<Maybe<ResolversTypes['OnboardPersonPayload']>, ParentType, ContextType, RequireFields<MutationOnboardPersonArgs, 'idempotencyKey' | 'input'>>;
  registerAgent?: Resolver<Maybe<ResolversTypes['RegisterAgentPayload']>, ParentType, ContextType, RequireFields<MutationRegisterAgentArgs, 'input'>>;
  removeAgent?: Resolver<Maybe<ResolversTypes['RemoveAgentPayload']>, ParentType, ContextType, RequireFields<MutationRemoveAgentArgs, 'input'>>;
  setAgentAvailability?: Resolver<Maybe<ResolversTypes['SetAgentAvailabilityPayload']>, ParentType, ContextType, RequireFields<MutationSetAgentAvailabilityArgs, 'input'>>;
  setAgentDepartments?: Resolver<Maybe<ResolversTypes['SetAgentDepartmentsPayload']>, ParentType, ContextType, RequireFields<MutationSetAgentDepartmentsArgs, 'input'>>;
  setRocketChatUserActive?: Resolver<Maybe<ResolversTypes['SetRocketChatUserActivePayload']>, ParentType, ContextType, RequireFields<MutationSetRocketChatUserActiveArgs, 'input'>>;
  syncDirectory?: Resolver<Maybe<ResolversTypes['SyncDirectoryPayload']>, ParentType, ContextType>;
};

export type OffboardPersonPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['OffboardPersonPayload'] = ResolversParentTypes['OffboardPersonPayload']> = {
  person?: Resolver<Maybe<ResolversTypes['Person']>, ParentType, ContextType>;
  userErrors?: Resolver<ReadonlyArray<ResolversTypes['UserError']>, ParentType, ContextType>;
  workflow?: Resolver<Maybe<ResolversTypes['Workflow']>, ParentType, ContextType>;
};

export type OnboardPersonPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['OnboardPersonPayload'] = ResolversParentTypes['OnboardPersonPayload']> = {
  person?: Resolver<Maybe<ResolversTypes['Person']>, ParentType, ContextType>;
  userErrors?: Resolver<ReadonlyArray<ResolversTypes['UserError']>, ParentType, ContextType>;
  workflow?: Resolver<Maybe<ResolversTypes['Workflow']>, ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PersonResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Person'] = ResolversParentTypes['Person'], FederationReferenceType extends FederationReferenceTypes['Person'] = FederationReferenceTypes['Person']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Person']> | FederationReferenceType, FederationReferenceType, ContextType>;
  customerCareUser?: Resolver<Maybe<ResolversTypes['CustomerCareUser']>, ParentType, ContextType>;
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  identities?: Resolver<Maybe<ReadonlyArray<ResolversTypes['User']>>, ParentType, ContextType>;
  platforms?: Resolver<ReadonlyArray<ResolversTypes['Platform']>, ParentType, ContextType>;
  rocketChatAgent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  rocketChatManager?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
};

export type PersonConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PersonConnection'] = ResolversParentTypes['PersonConnection']> = {
  edges?: Resolver<ReadonlyArray<ResolversTypes['PersonEdge']>, ParentType, ContextType>;
  nodes?: Resolver<ReadonlyArray<ResolversTypes['Person']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PersonEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PersonEdge'] = ResolversParentTypes['PersonEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Person'], ParentType, ContextType>;
};

export type PlatformSyncResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PlatformSync'] = ResolversParentTypes['PlatformSync']> = {
  identities?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastFinishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastStartedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  running?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PrivilegeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Privilege'] = ResolversParentTypes['Privilege']> = {
  role?: Resolver<ResolversTypes['TeamRole'], ParentType, ContextType>;
  teamId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType, RequireFields<QueryAgentArgs, 'id' | 'type'>>;
  agents?: Resolver<Maybe<ResolversTypes['AgentConnection']>, ParentType, ContextType, RequireFields<QueryAgentsArgs, 'type'>>;
  customerCareUser?: Resolver<Maybe<ResolversTypes['CustomerCareUser']>, ParentType, ContextType, RequireFields<QueryCustomerCareUserArgs, 'id'>>;
  customerCareUsers?: Resolver<Maybe<ResolversTypes['CustomerCareUserPage']>, ParentType, ContextType, RequireFields<QueryCustomerCareUsersArgs, 'page'>>;
  department?: Resolver<Maybe<ResolversTypes['Department']>, ParentType, ContextType, RequireFields<QueryDepartmentArgs, 'id'>>;
  departments?: Resolver<Maybe<ResolversTypes['DepartmentConnection']>, ParentType, ContextType, Partial<QueryDepartmentsArgs>>;
  directorySync?: Resolver<Maybe<ResolversTypes['DirectorySync']>, ParentType, ContextType>;
  people?: Resolver<Maybe<ResolversTypes['PersonConnection']>, ParentType, ContextType, Partial<QueryPeopleArgs>>;
  person?: Resolver<Maybe<ResolversTypes['Person']>, ParentType, ContextType, Partial<QueryPersonArgs>>;
  rocketChatUser?: Resolver<Maybe<ResolversTypes['RocketChatUser']>, ParentType, ContextType, Partial<QueryRocketChatUserArgs>>;
  workflow?: Resolver<Maybe<ResolversTypes['Workflow']>, ParentType, ContextType, RequireFields<QueryWorkflowArgs, 'id'>>;
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

export type RocketChatUserResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RocketChatUser'] = ResolversParentTypes['RocketChatUser'], FederationReferenceType extends FederationReferenceTypes['RocketChatUser'] = FederationReferenceTypes['RocketChatUser']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['RocketChatUser']> | FederationReferenceType, FederationReferenceType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  emails?: Resolver<ReadonlyArray<ResolversTypes['Email']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isAgent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  isManager?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  livechatRoles?: Resolver<ReadonlyArray<ResolversTypes['AgentType']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  username?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type RoomResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Room'] = ResolversParentTypes['Room']> = {
  avatarUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  channelProvider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  deleted?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastMessageAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  members?: Resolver<ReadonlyArray<ResolversTypes['ID']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tags?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type SetAgentAvailabilityPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SetAgentAvailabilityPayload'] = ResolversParentTypes['SetAgentAvailabilityPayload']> = {
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  userErrors?: Resolver<ReadonlyArray<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type SetAgentDepartmentsPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SetAgentDepartmentsPayload'] = ResolversParentTypes['SetAgentDepartmentsPayload']> = {
  agent?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  userErrors?: Resolver<ReadonlyArray<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type SetRocketChatUserActivePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SetRocketChatUserActivePayload'] = ResolversParentTypes['SetRocketChatUserActivePayload']> = {
  user?: Resolver<Maybe<ResolversTypes['RocketChatUser']>, ParentType, ContextType>;
  userErrors?: Resolver<ReadonlyArray<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  livechatEvents?: SubscriptionResolver<ResolversTypes['LivechatEvent'], "livechatEvents", ParentType, ContextType, Partial<SubscriptionLivechatEventsArgs>>;
  widgetEvents?: SubscriptionResolver<ResolversTypes['WidgetEvent'], "widgetEvents", ParentType, ContextType, Partial<SubscriptionWidgetEventsArgs>>;
};

export type SyncDirectoryPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SyncDirectoryPayload'] = ResolversParentTypes['SyncDirectoryPayload']> = {
  started?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sync?: Resolver<Maybe<ResolversTypes['DirectorySync']>, ParentType, ContextType>;
};

export type UserResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  __resolveType: TypeResolveFn<'Agent' | 'CustomerCareUser' | 'RocketChatUser' | 'WidgetUser', ParentType, ContextType>;
};

export type UserErrorResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = {
  code?: Resolver<ResolversTypes['UserErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<ReadonlyArray<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WidgetEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['WidgetEvent'] = ResolversParentTypes['WidgetEvent']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  botId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  names?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  roomId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  texts?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['WidgetEventType'], ParentType, ContextType>;
  userId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type WidgetUserResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['WidgetUser'] = ResolversParentTypes['WidgetUser']> = {
  botId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  companyId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  groupRoom?: Resolver<Maybe<ResolversTypes['Room']>, ParentType, ContextType>;
  groupRoomId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  names?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  room?: Resolver<Maybe<ResolversTypes['Room']>, ParentType, ContextType>;
  roomId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type WorkflowResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Workflow'] = ResolversParentTypes['Workflow']> = {
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['WorkflowKind'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WorkflowStatus'], ParentType, ContextType>;
  steps?: Resolver<ReadonlyArray<ResolversTypes['WorkflowStep']>, ParentType, ContextType>;
};

export type WorkflowStepResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['WorkflowStep'] = ResolversParentTypes['WorkflowStep']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  code?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  platform?: Resolver<ResolversTypes['Platform'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WorkflowStepStatus'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GatewayContext> = {
  Agent?: AgentResolvers<ContextType>;
  AgentConnection?: AgentConnectionResolvers<ContextType>;
  AgentEdge?: AgentEdgeResolvers<ContextType>;
  CreateCustomerCareUserPayload?: CreateCustomerCareUserPayloadResolvers<ContextType>;
  CreateRocketChatUserPayload?: CreateRocketChatUserPayloadResolvers<ContextType>;
  CreateWidgetUserPayload?: CreateWidgetUserPayloadResolvers<ContextType>;
  CustomerCareUser?: CustomerCareUserResolvers<ContextType>;
  CustomerCareUserPage?: CustomerCareUserPageResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Department?: DepartmentResolvers<ContextType>;
  DepartmentAgentConnection?: DepartmentAgentConnectionResolvers<ContextType>;
  DepartmentAgentEdge?: DepartmentAgentEdgeResolvers<ContextType>;
  DepartmentConnection?: DepartmentConnectionResolvers<ContextType>;
  DepartmentEdge?: DepartmentEdgeResolvers<ContextType>;
  DirectorySync?: DirectorySyncResolvers<ContextType>;
  Email?: EmailResolvers<ContextType>;
  JSONObject?: GraphQLScalarType;
  LivechatEvent?: LivechatEventResolvers<ContextType>;
  LivechatMessage?: LivechatMessageResolvers<ContextType>;
  LivechatVisitor?: LivechatVisitorResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OffboardPersonPayload?: OffboardPersonPayloadResolvers<ContextType>;
  OnboardPersonPayload?: OnboardPersonPayloadResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Person?: PersonResolvers<ContextType>;
  PersonConnection?: PersonConnectionResolvers<ContextType>;
  PersonEdge?: PersonEdgeResolvers<ContextType>;
  PlatformSync?: PlatformSyncResolvers<ContextType>;
  Privilege?: PrivilegeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RegisterAgentPayload?: RegisterAgentPayloadResolvers<ContextType>;
  RemoveAgentPayload?: RemoveAgentPayloadResolvers<ContextType>;
  RocketChatUser?: RocketChatUserResolvers<ContextType>;
  Room?: RoomResolvers<ContextType>;
  SetAgentAvailabilityPayload?: SetAgentAvailabilityPayloadResolvers<ContextType>;
  SetAgentDepartmentsPayload?: SetAgentDepartmentsPayloadResolvers<ContextType>;
  SetRocketChatUserActivePayload?: SetRocketChatUserActivePayloadResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SyncDirectoryPayload?: SyncDirectoryPayloadResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  WidgetEvent?: WidgetEventResolvers<ContextType>;
  WidgetUser?: WidgetUserResolvers<ContextType>;
  Workflow?: WorkflowResolvers<ContextType>;
  WorkflowStep?: WorkflowStepResolvers<ContextType>;
};

