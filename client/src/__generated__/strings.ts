/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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
  activeChats?: number | null | undefined;
  email: string;
  firstName: string;
  jobDescription?: string | null | undefined;
  lastName: string;
  /** The user's login id: 1 to 100 characters, no spaces or control characters. */
  loginId: string;
  /** Whether the user may log in with the e-mail address. */
  loginUsingEmail?: boolean | null | undefined;
  /** The user's initial password. Never logged and never returned. */
  password: string;
  /** The user's role in each team: at least one, one per team. */
  privileges: Array<PrivilegeInput>;
  /** Skill attributes (e.g. `business`, `location`), checked by IMI against the tenant's custom attributes. */
  skillAttributes?: Record<string, unknown> | null | undefined;
};

export type CreateRocketChatUserInput = {
  /** Departments to put the new agent in; needs the AGENT role. */
  departmentIds?: Array<string | number> | null | undefined;
  email: string;
  /** Display name. */
  name: string;
  /** Sent to Rocket.Chat once; never logged, stored or returned. */
  password: string;
  /** Livechat roles to give (none: a plain user). */
  roles?: Array<AgentType> | null | undefined;
  /** Letters, digits, dots, hyphens and underscores. */
  username: string;
};

export type CreateWidgetUserInput = {
  /** Your unique id for the person: 1 to 128 characters, no control characters. */
  id: string | number;
  /** Legal id (national or tax id), sent exactly as given: leading zeros and letters are kept. At most 64 characters. */
  legalId?: string | null | undefined;
  /** The person's names: 1 to 200 characters. Ignored by Jelou when the user already exists. */
  names: string;
};

/** IMI's kinds of users: only CUSTOMER_CARE (team-level) users can be created through the API. */
export type CustomerCareRoleType =
  | 'ADMINISTRATIVE'
  | 'CUSTOMER_CARE';

/** Search filters; omitted ones do not filter. */
export type CustomerCareUserFilter = {
  acceptingChats?: boolean | null | undefined;
  activeChats?: IntRange | null | undefined;
  createdAt?: DateTimeRange | null | undefined;
  status?: CustomerCareUserStatus | null | undefined;
  updatedAt?: DateTimeRange | null | undefined;
};

export type CustomerCareUserStatus =
  | 'ACTIVE'
  | 'INACTIVE';

/** Bounds on a timestamp; every bound given must hold. */
export type DateTimeRange = {
  eq?: string | null | undefined;
  gt?: string | null | undefined;
  gte?: string | null | undefined;
  lt?: string | null | undefined;
  lte?: string | null | undefined;
};

export type ImiOnboardingInput = {
  loginId: string;
  /** Never logged or returned, and stored only as a salted scrypt (to tell a replay from another request). */
  password: string;
  privileges: Array<PrivilegeInput>;
};

/** Bounds on a count; every bound given must hold. */
export type IntRange = {
  gt?: number | null | undefined;
  gte?: number | null | undefined;
  lt?: number | null | undefined;
  lte?: number | null | undefined;
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

/** Whether an agent accepts new Livechat conversations. */
export type LivechatStatus =
  | 'AVAILABLE'
  | 'NOT_AVAILABLE';

export type OffboardPersonInput = {
  /** Also deactivate the Rocket.Chat user (default false: only the Livechat roles go). */
  deactivateRocketChatUser?: boolean | null | undefined;
  email?: string | null | undefined;
  /** The directory's id; or give `email`. */
  personId?: string | number | null | undefined;
};

export type OnboardPersonInput = {
  email: string;
  firstName: string;
  /** The IMI part; leave it out to onboard on Rocket.Chat only. */
  imi?: ImiOnboardingInput | null | undefined;
  lastName: string;
  /** The Rocket.Chat part; leave it out to onboard on IMI only. */
  rocketChat?: RocketChatOnboardingInput | null | undefined;
};

/** The chat platforms behind the gateway. */
export type Platform =
  /** IMI / Webex Engage: Customer Care users with team privileges. */
  | 'IMI'
  /** Jelou: widget users and their rooms. */
  | 'JELOU'
  /** Rocket.Chat: Livechat agents and managers. */
  | 'ROCKETCHAT';

export type PrivilegeInput = {
  role: TeamRole;
  /** IMI team id: a positive whole number. */
  teamId: string | number;
};

export type RegisterAgentInput = {
  type: AgentType;
  /** Username of an existing Rocket.Chat user. */
  username: string;
};

export type RemoveAgentInput = {
  /** Rocket.Chat user id. */
  id: string | number;
  type: AgentType;
};

export type RocketChatOnboardingInput = {
  /** Departments to put the agent in (needs AGENT). */
  departmentIds?: Array<string | number> | null | undefined;
  /** Used only if the user is created; never logged or returned, and stored only as a salted scrypt (to tell a replay from another request). */
  password: string;
  /** The Livechat roles to give (at least one). */
  roles: Array<AgentType>;
  /** Letters, digits, dots, hyphens and underscores. */
  username: string;
};

export type SetAgentAvailabilityInput = {
  /** Rocket.Chat user id of the agent. */
  agentId: string | number;
  /** True: the agent takes new chats (AVAILABLE). False: NOT_AVAILABLE. */
  available: boolean;
};

export type SetAgentDepartmentsInput = {
  /** Rocket.Chat user id of the agent. */
  agentId: string | number;
  /** Every department the agent should be in, and no other (at most 100; an empty list removes the agent from all). */
  departmentIds: Array<string | number>;
};

export type SetRocketChatUserActiveInput = {
  active: boolean;
  userId: string | number;
};

/** A user's role within one IMI team. */
export type TeamRole =
  | 'TEAM_AGENT'
  | 'TEAM_ANALYST'
  | 'TEAM_MANAGER';

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

export type AgentFieldsFragment = { id: string, platform: Platform, displayName: string | null, username: string | null, name: string | null, status: AgentStatus | null, livechatStatus: LivechatStatus | null, maxSimultaneousChats: number | null, emails: Array<{ address: string, verified: boolean }>, departments: Array<{ id: string, name: string | null }> };

export type AgentsQueryVariables = Exact<{
  type: AgentType;
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
  onlyAvailable?: boolean | null | undefined;
  excludeId?: string | number | null | undefined;
  includeIdle?: boolean | null | undefined;
}>;


export type AgentsQuery = { agents: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, platform: Platform, displayName: string | null, username: string | null, name: string | null, status: AgentStatus | null, livechatStatus: LivechatStatus | null, maxSimultaneousChats: number | null, emails: Array<{ address: string, verified: boolean }>, departments: Array<{ id: string, name: string | null }> }> } | null };

export type AgentQueryVariables = Exact<{
  type: AgentType;
  id: string | number;
}>;


export type AgentQuery = { agent: { id: string, platform: Platform, displayName: string | null, username: string | null, name: string | null, status: AgentStatus | null, livechatStatus: LivechatStatus | null, maxSimultaneousChats: number | null, emails: Array<{ address: string, verified: boolean }>, departments: Array<{ id: string, name: string | null }> } | null };

export type RegisterAgentMutationVariables = Exact<{
  input: RegisterAgentInput;
}>;


export type RegisterAgentMutation = { registerAgent: { agentId: string | null, agent: { id: string, platform: Platform, displayName: string | null, username: string | null, name: string | null, status: AgentStatus | null, livechatStatus: LivechatStatus | null, maxSimultaneousChats: number | null, emails: Array<{ address: string, verified: boolean }>, departments: Array<{ id: string, name: string | null }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } | null };

export type RemoveAgentMutationVariables = Exact<{
  input: RemoveAgentInput;
}>;


export type RemoveAgentMutation = { removeAgent: { removedAgentId: string | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } | null };

export type CustomerCareUserSummaryFragment = { id: string, platform: Platform, displayName: string | null, firstName: string | null, lastName: string | null, loginId: string | null, email: string | null, status: CustomerCareUserStatus | null, acceptingChats: boolean | null, activeChats: number | null, createdAt: string | null, updatedAt: string | null };

export type CustomerCareUserDetailsFragment = { loggedIn: boolean | null, jobDescription: string | null, loginUsingEmail: boolean | null, roleType: CustomerCareRoleType | null, skillAttributes: Record<string, unknown> | null, id: string, platform: Platform, displayName: string | null, firstName: string | null, lastName: string | null, loginId: string | null, email: string | null, status: CustomerCareUserStatus | null, acceptingChats: boolean | null, activeChats: number | null, createdAt: string | null, updatedAt: string | null };

export type PrivilegeFieldsFragment = { teamId: string, role: TeamRole };

export type CustomerCareUserQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerCareUserQuery = { customerCareUser: { loggedIn: boolean | null, jobDescription: string | null, loginUsingEmail: boolean | null, roleType: CustomerCareRoleType | null, skillAttributes: Record<string, unknown> | null, id: string, platform: Platform, displayName: string | null, firstName: string | null, lastName: string | null, loginId: string | null, email: string | null, status: CustomerCareUserStatus | null, acceptingChats: boolean | null, activeChats: number | null, createdAt: string | null, updatedAt: string | null } | null };

export type CustomerCareUsersQueryVariables = Exact<{
  filter?: CustomerCareUserFilter | null | undefined;
  page?: number | null | undefined;
}>;


export type CustomerCareUsersQuery = { customerCareUsers: { page: number, pageSize: number, hasNextPage: boolean, users: Array<{ id: string, platform: Platform, displayName: string | null, firstName: string | null, lastName: string | null, loginId: string | null, email: string | null, status: CustomerCareUserStatus | null, acceptingChats: boolean | null, activeChats: number | null, createdAt: string | null, updatedAt: string | null }> } | null };

export type CreateCustomerCareUserMutationVariables = Exact<{
  input: CreateCustomerCareUserInput;
}>;


export type CreateCustomerCareUserMutation = { createCustomerCareUser: { user: { loggedIn: boolean | null, jobDescription: string | null, loginUsingEmail: boolean | null, roleType: CustomerCareRoleType | null, skillAttributes: Record<string, unknown> | null, id: string, platform: Platform, displayName: string | null, firstName: string | null, lastName: string | null, loginId: string | null, email: string | null, status: CustomerCareUserStatus | null, acceptingChats: boolean | null, activeChats: number | null, createdAt: string | null, updatedAt: string | null } | null, privileges: Array<{ teamId: string, role: TeamRole }>, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } | null };

export type DepartmentFieldsFragment = { id: string, name: string | null, enabled: boolean | null, description: string | null, email: string | null, showOnRegistration: boolean | null, showOnOfflineForm: boolean | null, archived: boolean | null };

export type DepartmentsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
  enabled?: boolean | null | undefined;
}>;


export type DepartmentsQuery = { departments: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, name: string | null, enabled: boolean | null, description: string | null, email: string | null, showOnRegistration: boolean | null, showOnOfflineForm: boolean | null, archived: boolean | null }> } | null };

export type DepartmentMemberFieldsFragment = { id: string, username: string | null, name: string | null, status: AgentStatus | null, livechatStatus: LivechatStatus | null };

export type DepartmentQueryVariables = Exact<{
  id: string | number;
  agentsFirst?: number | null | undefined;
  agentsAfter?: string | null | undefined;
}>;


export type DepartmentQuery = { department: { id: string, name: string | null, enabled: boolean | null, description: string | null, email: string | null, showOnRegistration: boolean | null, showOnOfflineForm: boolean | null, archived: boolean | null, agents: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ agentId: string, order: number, node: { id: string, username: string | null, name: string | null, status: AgentStatus | null, livechatStatus: LivechatStatus | null } | null }> } | null } | null };

export type SetAgentDepartmentsMutationVariables = Exact<{
  input: SetAgentDepartmentsInput;
}>;


export type SetAgentDepartmentsMutation = { setAgentDepartments: { agent: { id: string, platform: Platform, displayName: string | null, username: string | null, name: string | null, status: AgentStatus | null, livechatStatus: LivechatStatus | null, maxSimultaneousChats: number | null, emails: Array<{ address: string, verified: boolean }>, departments: Array<{ id: string, name: string | null }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } | null };

export type SetAgentAvailabilityMutationVariables = Exact<{
  input: SetAgentAvailabilityInput;
}>;


export type SetAgentAvailabilityMutation = { setAgentAvailability: { agent: { id: string, platform: Platform, displayName: string | null, username: string | null, name: string | null, status: AgentStatus | null, livechatStatus: LivechatStatus | null, maxSimultaneousChats: number | null, emails: Array<{ address: string, verified: boolean }>, departments: Array<{ id: string, name: string | null }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } | null };

export type LivechatEventsSubscriptionVariables = Exact<{
  types?: Array<LivechatEventType> | LivechatEventType | null | undefined;
  departmentId?: string | number | null | undefined;
}>;


export type LivechatEventsSubscription = { livechatEvents: { type: LivechatEventType, roomId: string | null, at: string, departmentId: string | null, previousDepartmentId: string | null, visitor: { id: string | null, name: string | null, emails: Array<string>, phones: Array<string> } | null, agent: { id: string, username: string | null, name: string | null } | null, previousAgent: { id: string, username: string | null } | null, messages: Array<{ id: string | null, text: string, at: string, fromAgent: boolean }> } };

export type WidgetEventsSubscriptionVariables = Exact<{
  types?: Array<WidgetEventType> | WidgetEventType | null | undefined;
}>;


export type WidgetEventsSubscription = { widgetEvents: { type: WidgetEventType, at: string, roomId: string | null, userId: string | null, names: string | null, botId: string | null, texts: Array<string> } };

export type PersonFieldsFragment = { id: string, email: string, displayName: string | null, platforms: Array<Platform> };

export type WorkflowFieldsFragment = { id: string, kind: WorkflowKind, status: WorkflowStatus, startedAt: string, finishedAt: string | null, steps: Array<{ platform: Platform, action: string, status: WorkflowStepStatus, code: string | null, message: string | null }> };

export type PeopleQueryVariables = Exact<{
  search?: string | null | undefined;
  platform?: Platform | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PeopleQuery = { people: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, email: string, displayName: string | null, platforms: Array<Platform> }> } | null };

export type PersonQueryVariables = Exact<{
  id?: string | number | null | undefined;
  email?: string | null | undefined;
}>;


export type PersonQuery = { person: { id: string, email: string, displayName: string | null, platforms: Array<Platform>, rocketChatAgent: { id: string, username: string | null, livechatStatus: LivechatStatus | null } | null, rocketChatManager: { id: string, username: string | null } | null, customerCareUser: { id: string, loginId: string | null, status: CustomerCareUserStatus | null } | null } | null };

export type DirectorySyncQueryVariables = Exact<{ [key: string]: never; }>;


export type DirectorySyncQuery = { directorySync: { running: boolean, identities: number, platforms: Array<{ platform: Platform, lastStartedAt: string | null, lastFinishedAt: string | null, running: boolean, lastError: string | null, identities: number }> } | null };

export type WorkflowQueryVariables = Exact<{
  id: string | number;
}>;


export type WorkflowQuery = { workflow: { id: string, kind: WorkflowKind, status: WorkflowStatus, startedAt: string, finishedAt: string | null, steps: Array<{ platform: Platform, action: string, status: WorkflowStepStatus, code: string | null, message: string | null }> } | null };

export type OnboardPersonMutationVariables = Exact<{
  input: OnboardPersonInput;
  idempotencyKey: string;
}>;


export type OnboardPersonMutation = { onboardPerson: { person: { id: string, email: string, displayName: string | null, platforms: Array<Platform> } | null, workflow: { id: string, kind: WorkflowKind, status: WorkflowStatus, startedAt: string, finishedAt: string | null, steps: Array<{ platform: Platform, action: string, status: WorkflowStepStatus, code: string | null, message: string | null }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } | null };

export type OffboardPersonMutationVariables = Exact<{
  input: OffboardPersonInput;
  idempotencyKey: string;
}>;


export type OffboardPersonMutation = { offboardPerson: { person: { id: string, email: string, displayName: string | null, platforms: Array<Platform> } | null, workflow: { id: string, kind: WorkflowKind, status: WorkflowStatus, startedAt: string, finishedAt: string | null, steps: Array<{ platform: Platform, action: string, status: WorkflowStepStatus, code: string | null, message: string | null }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } | null };

export type SyncDirectoryMutationVariables = Exact<{ [key: string]: never; }>;


export type SyncDirectoryMutation = { syncDirectory: { started: boolean, sync: { running: boolean, identities: number } | null } | null };

export type RocketChatUserFieldsFragment = { id: string, platform: Platform, displayName: string | null, username: string | null, name: string | null, active: boolean, isAgent: boolean, isManager: boolean, livechatRoles: Array<AgentType>, emails: Array<{ address: string, verified: boolean }> };

export type RocketChatUserQueryVariables = Exact<{
  username?: string | null | undefined;
  id?: string | number | null | undefined;
}>;


export type RocketChatUserQuery = { rocketChatUser: { id: string, platform: Platform, displayName: string | null, username: string | null, name: string | null, active: boolean, isAgent: boolean, isManager: boolean, livechatRoles: Array<AgentType>, emails: Array<{ address: string, verified: boolean }> } | null };

export type CreateRocketChatUserMutationVariables = Exact<{
  input: CreateRocketChatUserInput;
}>;


export type CreateRocketChatUserMutation = { createRocketChatUser: { user: { id: string, platform: Platform, displayName: string | null, username: string | null, name: string | null, active: boolean, isAgent: boolean, isManager: boolean, livechatRoles: Array<AgentType>, emails: Array<{ address: string, verified: boolean }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } | null };

export type SetRocketChatUserActiveMutationVariables = Exact<{
  input: SetRocketChatUserActiveInput;
}>;


export type SetRocketChatUserActiveMutation = { setRocketChatUserActive: { user: { id: string, platform: Platform, displayName: string | null, username: string | null, name: string | null, active: boolean, isAgent: boolean, isManager: boolean, livechatRoles: Array<AgentType>, emails: Array<{ address: string, verified: boolean }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } | null };

export type UserErrorFieldsFragment = { code: UserErrorCode, message: string, field: Array<string> | null };

export type PageInfoFieldsFragment = { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null };

export type RoomFieldsFragment = { id: string, name: string | null, type: string | null, kind: string | null, channel: string | null, channelProvider: string | null, avatarUrl: string | null, members: Array<string>, tags: Array<string>, deleted: boolean | null, lastMessageAt: string | null, createdAt: string | null, updatedAt: string | null };

export type WidgetUserFieldsFragment = { id: string, platform: Platform, displayName: string | null, names: string | null, botId: string | null, companyId: string | null, roomId: string | null, groupRoomId: string | null, createdAt: string | null, updatedAt: string | null };

export type CreateWidgetUserMutationVariables = Exact<{
  input: CreateWidgetUserInput;
}>;


export type CreateWidgetUserMutation = { createWidgetUser: { user: { id: string, platform: Platform, displayName: string | null, names: string | null, botId: string | null, companyId: string | null, roomId: string | null, groupRoomId: string | null, createdAt: string | null, updatedAt: string | null } | null, room: { id: string, name: string | null, type: string | null, kind: string | null, channel: string | null, channelProvider: string | null, avatarUrl: string | null, members: Array<string>, tags: Array<string>, deleted: boolean | null, lastMessageAt: string | null, createdAt: string | null, updatedAt: string | null } | null, groupRoom: { id: string, name: string | null, type: string | null, kind: string | null, channel: string | null, channelProvider: string | null, avatarUrl: string | null, members: Array<string>, tags: Array<string>, deleted: boolean | null, lastMessageAt: string | null, createdAt: string | null, updatedAt: string | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AgentFieldsFragmentDoc = new TypedDocumentString(`
    fragment AgentFields on Agent {
  id
  platform
  displayName
  username
  name
  status
  livechatStatus
  emails {
    address
    verified
  }
  maxSimultaneousChats
  departments {
    id
    name
  }
}
    `, {"fragmentName":"AgentFields"}) as unknown as TypedDocumentString<AgentFieldsFragment, unknown>;
export const CustomerCareUserSummaryFragmentDoc = new TypedDocumentString(`
    fragment CustomerCareUserSummary on CustomerCareUser {
  id
  platform
  displayName
  firstName
  lastName
  loginId
  email
  status
  acceptingChats
  activeChats
  createdAt
  updatedAt
}
    `, {"fragmentName":"CustomerCareUserSummary"}) as unknown as TypedDocumentString<CustomerCareUserSummaryFragment, unknown>;
export const CustomerCareUserDetailsFragmentDoc = new TypedDocumentString(`
    fragment CustomerCareUserDetails on CustomerCareUser {
  ...CustomerCareUserSummary
  loggedIn
  jobDescription
  loginUsingEmail
  roleType
  skillAttributes
}
    fragment CustomerCareUserSummary on CustomerCareUser {
  id
  platform
  displayName
  firstName
  lastName
  loginId
  email
  status
  acceptingChats
  activeChats
  createdAt
  updatedAt
}`, {"fragmentName":"CustomerCareUserDetails"}) as unknown as TypedDocumentString<CustomerCareUserDetailsFragment, unknown>;
export const PrivilegeFieldsFragmentDoc = new TypedDocumentString(`
    fragment PrivilegeFields on Privilege {
  teamId
  role
}
    `, {"fragmentName":"PrivilegeFields"}) as unknown as TypedDocumentString<PrivilegeFieldsFragment, unknown>;
export const DepartmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment DepartmentFields on Department {
  id
  name
  enabled
  description
  email
  showOnRegistration
  showOnOfflineForm
  archived
}
    `, {"fragmentName":"DepartmentFields"}) as unknown as TypedDocumentString<DepartmentFieldsFragment, unknown>;
export const DepartmentMemberFieldsFragmentDoc = new TypedDocumentString(`
    fragment DepartmentMemberFields on Agent {
  id
  username
  name
  status
  livechatStatus
}
    `, {"fragmentName":"DepartmentMemberFields"}) as unknown as TypedDocumentString<DepartmentMemberFieldsFragment, unknown>;
export const PersonFieldsFragmentDoc = new TypedDocumentString(`
    fragment PersonFields on Person {
  id
  email
  displayName
  platforms
}
    `, {"fragmentName":"PersonFields"}) as unknown as TypedDocumentString<PersonFieldsFragment, unknown>;
export const WorkflowFieldsFragmentDoc = new TypedDocumentString(`
    fragment WorkflowFields on Workflow {
  id
  kind
  status
  startedAt
  finishedAt
  steps {
    platform
    action
    status
    code
    message
  }
}
    `, {"fragmentName":"WorkflowFields"}) as unknown as TypedDocumentString<WorkflowFieldsFragment, unknown>;
export const RocketChatUserFieldsFragmentDoc = new TypedDocumentString(`
    fragment RocketChatUserFields on RocketChatUser {
  id
  platform
  displayName
  username
  name
  emails {
    address
    verified
  }
  active
  isAgent
  isManager
  livechatRoles
}
    `, {"fragmentName":"RocketChatUserFields"}) as unknown as TypedDocumentString<RocketChatUserFieldsFragment, unknown>;
export const UserErrorFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserErrorFields on UserError {
  code
  message
  field
}
    `, {"fragmentName":"UserErrorFields"}) as unknown as TypedDocumentString<UserErrorFieldsFragment, unknown>;
export const PageInfoFieldsFragmentDoc = new TypedDocumentString(`
    fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
    `, {"fragmentName":"PageInfoFields"}) as unknown as TypedDocumentString<PageInfoFieldsFragment, unknown>;
export const RoomFieldsFragmentDoc = new TypedDocumentString(`
    fragment RoomFields on Room {
  id
  name
  type
  kind
  channel
  channelProvider
  avatarUrl
  members
  tags
  deleted
  lastMessageAt
  createdAt
  updatedAt
}
    `, {"fragmentName":"RoomFields"}) as unknown as TypedDocumentString<RoomFieldsFragment, unknown>;
export const WidgetUserFieldsFragmentDoc = new TypedDocumentString(`
    fragment WidgetUserFields on WidgetUser {
  id
  platform
  displayName
  names
  botId
  companyId
  roomId
  groupRoomId
  createdAt
  updatedAt
}
    `, {"fragmentName":"WidgetUserFields"}) as unknown as TypedDocumentString<WidgetUserFieldsFragment, unknown>;
export const AgentsDocument = new TypedDocumentString(`
    query Agents($type: AgentType!, $first: Int, $after: String, $search: String, $onlyAvailable: Boolean, $excludeId: ID, $includeIdle: Boolean) {
  agents(
    type: $type
    first: $first
    after: $after
    search: $search
    onlyAvailable: $onlyAvailable
    excludeId: $excludeId
    includeIdle: $includeIdle
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...AgentFields
    }
  }
}
    fragment AgentFields on Agent {
  id
  platform
  displayName
  username
  name
  status
  livechatStatus
  emails {
    address
    verified
  }
  maxSimultaneousChats
  departments {
    id
    name
  }
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<AgentsQuery, AgentsQueryVariables>;
export const AgentDocument = new TypedDocumentString(`
    query Agent($type: AgentType!, $id: ID!) {
  agent(type: $type, id: $id) {
    ...AgentFields
  }
}
    fragment AgentFields on Agent {
  id
  platform
  displayName
  username
  name
  status
  livechatStatus
  emails {
    address
    verified
  }
  maxSimultaneousChats
  departments {
    id
    name
  }
}`) as unknown as TypedDocumentString<AgentQuery, AgentQueryVariables>;
export const RegisterAgentDocument = new TypedDocumentString(`
    mutation RegisterAgent($input: RegisterAgentInput!) {
  registerAgent(input: $input) {
    agentId
    agent {
      ...AgentFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment AgentFields on Agent {
  id
  platform
  displayName
  username
  name
  status
  livechatStatus
  emails {
    address
    verified
  }
  maxSimultaneousChats
  departments {
    id
    name
  }
}
fragment UserErrorFields on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<RegisterAgentMutation, RegisterAgentMutationVariables>;
export const RemoveAgentDocument = new TypedDocumentString(`
    mutation RemoveAgent($input: RemoveAgentInput!) {
  removeAgent(input: $input) {
    removedAgentId
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<RemoveAgentMutation, RemoveAgentMutationVariables>;
export const CustomerCareUserDocument = new TypedDocumentString(`
    query CustomerCareUser($id: ID!) {
  customerCareUser(id: $id) {
    ...CustomerCareUserDetails
  }
}
    fragment CustomerCareUserSummary on CustomerCareUser {
  id
  platform
  displayName
  firstName
  lastName
  loginId
  email
  status
  acceptingChats
  activeChats
  createdAt
  updatedAt
}
fragment CustomerCareUserDetails on CustomerCareUser {
  ...CustomerCareUserSummary
  loggedIn
  jobDescription
  loginUsingEmail
  roleType
  skillAttributes
}`) as unknown as TypedDocumentString<CustomerCareUserQuery, CustomerCareUserQueryVariables>;
export const CustomerCareUsersDocument = new TypedDocumentString(`
    query CustomerCareUsers($filter: CustomerCareUserFilter, $page: Int) {
  customerCareUsers(filter: $filter, page: $page) {
    page
    pageSize
    hasNextPage
    users {
      ...CustomerCareUserSummary
    }
  }
}
    fragment CustomerCareUserSummary on CustomerCareUser {
  id
  platform
  displayName
  firstName
  lastName
  loginId
  email
  status
  acceptingChats
  activeChats
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CustomerCareUsersQuery, CustomerCareUsersQueryVariables>;
export const CreateCustomerCareUserDocument = new TypedDocumentString(`
    mutation CreateCustomerCareUser($input: CreateCustomerCareUserInput!) {
  createCustomerCareUser(input: $input) {
    user {
      ...CustomerCareUserDetails
    }
    privileges {
      ...PrivilegeFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment CustomerCareUserSummary on CustomerCareUser {
  id
  platform
  displayName
  firstName
  lastName
  loginId
  email
  status
  acceptingChats
  activeChats
  createdAt
  updatedAt
}
fragment CustomerCareUserDetails on CustomerCareUser {
  ...CustomerCareUserSummary
  loggedIn
  jobDescription
  loginUsingEmail
  roleType
  skillAttributes
}
fragment PrivilegeFields on Privilege {
  teamId
  role
}
fragment UserErrorFields on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<CreateCustomerCareUserMutation, CreateCustomerCareUserMutationVariables>;
export const DepartmentsDocument = new TypedDocumentString(`
    query Departments($first: Int, $after: String, $search: String, $enabled: Boolean) {
  departments(first: $first, after: $after, search: $search, enabled: $enabled) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...DepartmentFields
    }
  }
}
    fragment DepartmentFields on Department {
  id
  name
  enabled
  description
  email
  showOnRegistration
  showOnOfflineForm
  archived
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<DepartmentsQuery, DepartmentsQueryVariables>;
export const DepartmentDocument = new TypedDocumentString(`
    query Department($id: ID!, $agentsFirst: Int, $agentsAfter: String) {
  department(id: $id) {
    ...DepartmentFields
    agents(first: $agentsFirst, after: $agentsAfter) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        agentId
        order
        node {
          ...DepartmentMemberFields
        }
      }
    }
  }
}
    fragment DepartmentFields on Department {
  id
  name
  enabled
  description
  email
  showOnRegistration
  showOnOfflineForm
  archived
}
fragment DepartmentMemberFields on Agent {
  id
  username
  name
  status
  livechatStatus
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<DepartmentQuery, DepartmentQueryVariables>;
export const SetAgentDepartmentsDocument = new TypedDocumentString(`
    mutation SetAgentDepartments($input: SetAgentDepartmentsInput!) {
  setAgentDepartments(input: $input) {
    agent {
      ...AgentFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment AgentFields on Agent {
  id
  platform
  displayName
  username
  name
  status
  livechatStatus
  emails {
    address
    verified
  }
  maxSimultaneousChats
  departments {
    id
    name
  }
}
fragment UserErrorFields on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<SetAgentDepartmentsMutation, SetAgentDepartmentsMutationVariables>;
export const SetAgentAvailabilityDocument = new TypedDocumentString(`
    mutation SetAgentAvailability($input: SetAgentAvailabilityInput!) {
  setAgentAvailability(input: $input) {
    agent {
      ...AgentFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment AgentFields on Agent {
  id
  platform
  displayName
  username
  name
  status
  livechatStatus
  emails {
    address
    verified
  }
  maxSimultaneousChats
  departments {
    id
    name
  }
}
fragment UserErrorFields on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<SetAgentAvailabilityMutation, SetAgentAvailabilityMutationVariables>;
export const LivechatEventsDocument = new TypedDocumentString(`
    subscription LivechatEvents($types: [LivechatEventType!], $departmentId: ID) {
  livechatEvents(types: $types, departmentId: $departmentId) {
    type
    roomId
    at
    departmentId
    previousDepartmentId
    visitor {
      id
      name
      emails
      phones
    }
    agent {
      id
      username
      name
    }
    previousAgent {
      id
      username
    }
    messages {
      id
      text
      at
      fromAgent
    }
  }
}
    `) as unknown as TypedDocumentString<LivechatEventsSubscription, LivechatEventsSubscriptionVariables>;
export const WidgetEventsDocument = new TypedDocumentString(`
    subscription WidgetEvents($types: [WidgetEventType!]) {
  widgetEvents(types: $types) {
    type
    at
    roomId
    userId
    names
    botId
    texts
  }
}
    `) as unknown as TypedDocumentString<WidgetEventsSubscription, WidgetEventsSubscriptionVariables>;
export const PeopleDocument = new TypedDocumentString(`
    query People($search: String, $platform: Platform, $first: Int, $after: String) {
  people(search: $search, platform: $platform, first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...PersonFields
    }
  }
}
    fragment PersonFields on Person {
  id
  email
  displayName
  platforms
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<PeopleQuery, PeopleQueryVariables>;
export const PersonDocument = new TypedDocumentString(`
    query Person($id: ID, $email: String) {
  person(id: $id, email: $email) {
    ...PersonFields
    rocketChatAgent {
      id
      username
      livechatStatus
    }
    rocketChatManager {
      id
      username
    }
    customerCareUser {
      id
      loginId
      status
    }
  }
}
    fragment PersonFields on Person {
  id
  email
  displayName
  platforms
}`) as unknown as TypedDocumentString<PersonQuery, PersonQueryVariables>;
export const DirectorySyncDocument = new TypedDocumentString(`
    query DirectorySync {
  directorySync {
    running
    identities
    platforms {
      platform
      lastStartedAt
      lastFinishedAt
      running
      lastError
      identities
    }
  }
}
    `) as unknown as TypedDocumentString<DirectorySyncQuery, DirectorySyncQueryVariables>;
export const WorkflowDocument = new TypedDocumentString(`
    query Workflow($id: ID!) {
  workflow(id: $id) {
    ...WorkflowFields
  }
}
    fragment WorkflowFields on Workflow {
  id
  kind
  status
  startedAt
  finishedAt
  steps {
    platform
    action
    status
    code
    message
  }
}`) as unknown as TypedDocumentString<WorkflowQuery, WorkflowQueryVariables>;
export const OnboardPersonDocument = new TypedDocumentString(`
    mutation OnboardPerson($input: OnboardPersonInput!, $idempotencyKey: String!) {
  onboardPerson(input: $input, idempotencyKey: $idempotencyKey) {
    person {
      ...PersonFields
    }
    workflow {
      ...WorkflowFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment PersonFields on Person {
  id
  email
  displayName
  platforms
}
fragment WorkflowFields on Workflow {
  id
  kind
  status
  startedAt
  finishedAt
  steps {
    platform
    action
    status
    code
    message
  }
}
fragment UserErrorFields on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<OnboardPersonMutation, OnboardPersonMutationVariables>;
export const OffboardPersonDocument = new TypedDocumentString(`
    mutation OffboardPerson($input: OffboardPersonInput!, $idempotencyKey: String!) {
  offboardPerson(input: $input, idempotencyKey: $idempotencyKey) {
    person {
      ...PersonFields
    }
    workflow {
      ...WorkflowFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment PersonFields on Person {
  id
  email
  displayName
  platforms
}
fragment WorkflowFields on Workflow {
  id
  kind
  status
  startedAt
  finishedAt
  steps {
    platform
    action
    status
    code
    message
  }
}
fragment UserErrorFields on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<OffboardPersonMutation, OffboardPersonMutationVariables>;
export const SyncDirectoryDocument = new TypedDocumentString(`
    mutation SyncDirectory {
  syncDirectory {
    started
    sync {
      running
      identities
    }
  }
}
    `) as unknown as TypedDocumentString<SyncDirectoryMutation, SyncDirectoryMutationVariables>;
export const RocketChatUserDocument = new TypedDocumentString(`
    query RocketChatUser($username: String, $id: ID) {
  rocketChatUser(username: $username, id: $id) {
    ...RocketChatUserFields
  }
}
    fragment RocketChatUserFields on RocketChatUser {
  id
  platform
  displayName
  username
  name
  emails {
    address
    verified
  }
  active
  isAgent
  isManager
  livechatRoles
}`) as unknown as TypedDocumentString<RocketChatUserQuery, RocketChatUserQueryVariables>;
export const CreateRocketChatUserDocument = new TypedDocumentString(`
    mutation CreateRocketChatUser($input: CreateRocketChatUserInput!) {
  createRocketChatUser(input: $input) {
    user {
      ...RocketChatUserFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment RocketChatUserFields on RocketChatUser {
  id
  platform
  displayName
  username
  name
  emails {
    address
    verified
  }
  active
  isAgent
  isManager
  livechatRoles
}
fragment UserErrorFields on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<CreateRocketChatUserMutation, CreateRocketChatUserMutationVariables>;
export const SetRocketChatUserActiveDocument = new TypedDocumentString(`
    mutation SetRocketChatUserActive($input: SetRocketChatUserActiveInput!) {
  setRocketChatUserActive(input: $input) {
    user {
      ...RocketChatUserFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment RocketChatUserFields on RocketChatUser {
  id
  platform
  displayName
  username
  name
  emails {
    address
    verified
  }
  active
  isAgent
  isManager
  livechatRoles
}
fragment UserErrorFields on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<SetRocketChatUserActiveMutation, SetRocketChatUserActiveMutationVariables>;
export const CreateWidgetUserDocument = new TypedDocumentString(`
    mutation CreateWidgetUser($input: CreateWidgetUserInput!) {
  createWidgetUser(input: $input) {
    user {
      ...WidgetUserFields
    }
    room {
      ...RoomFields
    }
    groupRoom {
      ...RoomFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  code
  message
  field
}
fragment RoomFields on Room {
  id
  name
  type
  kind
  channel
  channelProvider
  avatarUrl
  members
  tags
  deleted
  lastMessageAt
  createdAt
  updatedAt
}
fragment WidgetUserFields on WidgetUser {
  id
  platform
  displayName
  names
  botId
  companyId
  roomId
  groupRoomId
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CreateWidgetUserMutation, CreateWidgetUserMutationVariables>;