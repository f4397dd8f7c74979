import { createHash } from 'node:crypto';
import type { SimResponse } from '../http-kit.js';
import { failure, invalidParams, meteorError, ok, routeForbidden } from './answers.js';
import { randomId } from './ids.js';
import type { Route, RouteContext } from './route-table.js';
import { validateBody, type BodySchema } from './schema.js';
import type { RocketChatState, SimUser } from './state.js';

/**
 * The workspace's own user endpoints (apps/meteor/app/api/server/v1/users.ts): users.create,
 * users.info and users.setActiveStatus, as the real server answers them. users.create is not
 * idempotent (a repeat is a 400 field-unavailable), joins the new user to the default channels unless
 * told not to, and runs the "agent added" step for role livechat-agent; deactivating an agent makes them
 * not-available and signs them out.
 */

const CREATE_BODY: BodySchema = {
  required: ['email', 'name', 'password', 'username'],
  properties: {
    email: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    username: { type: 'string' },
    active: { type: 'boolean' },
    bio: { type: 'string' },
    nickname: { type: 'string' },
    statusText: { type: 'string' },
    roles: { type: 'array', items: 'string' },
    joinDefaultChannels: { type: 'boolean' },
    requirePasswordChange: { type: 'boolean' },
    setRandomPassword: { type: 'boolean' },
    sendWelcomeEmail: { type: 'boolean' },
    verified: { type: 'boolean' },
    customFields: { type: 'object' },
  },
};

const SET_ACTIVE_BODY: BodySchema = {
  required: ['userId', 'activeStatus'],
  properties: { userId: { type: 'string' }, activeStatus: { type: 'boolean' }, confirmRelinquish: { type: 'boolean' } },
};

/** The server's default `UTF8_User_Names_Validation` setting. */
const USERNAME_PATTERN = /^[0-9a-zA-Z-_.]+$/;
/** The shape Rocket.Chat's `validateEmail` accepts: a local part, `@`, and a dotted domain. */
const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$/;

async function createUser({ state, caller, json }: RouteContext): Promise<SimResponse> {
  const parsed = await json();
  if ('status' in parsed) return parsed;
  const checked = validateBody(parsed.value, CREATE_BODY);
  if ('status' in checked) return checked;
  if (!state.hasPermission(caller, 'create-user')) return routeForbidden();
  const body = checked.value as unknown as CreateBody;

  if (!USERNAME_PATTERN.test(body.username)) {
    return meteorError(
      'error-input-is-not-a-valid-field',
      `${escapeHtml(body.username)} is not a valid username, use only letters, numbers, dots, hyphens and underscores`,
    );
  }
  if (!EMAIL_PATTERN.test(body.email)) return meteorError('error-invalid-email', `Invalid email ${body.email}`);
  // Both compared ignoring case; the reason is HTML-escaped, as the server's `_.escape` does.
  if (usernameTaken(state, body.username)) return meteorError('error-field-unavailable', `${escapeHtml(body.username)} is already in use :(`);
  if (emailTaken(state, body.email)) return meteorError('error-field-unavailable', `${escapeHtml(body.email)} is already in use :(`);

  const password = body.setRandomPassword === true ? randomId(Math.random) : body.password;
  const roles = body.roles ?? ['user'];
  const user: SimUser = {
    _id: randomId(Math.random),
    createdAt: state.isoNow(),
    username: body.username,
    name: body.name,
    emails: [{ address: body.email, verified: body.verified === true }],
    type: 'user',
    status: 'offline',
    active: body.active ?? true,
    roles: [...roles],
    passwordSha256: createHash('sha256').update(password).digest('hex'),
    ...((body.requirePasswordChange === true || body.setRandomPassword === true) && { requirePasswordChange: true }),
    ...(body.bio !== undefined && { bio: body.bio }),
    ...(body.nickname !== undefined && { nickname: body.nickname }),
    ...(body.statusText !== undefined && { statusText: body.statusText }),
    ...(body.customFields !== undefined && { customFields: body.customFields }),
  };
  // The "agent added" step, as for POST livechat/users/agent.
  if (roles.includes('livechat-agent')) user.statusLivechat = 'available';
  state.addUser(user);
  if (body.joinDefaultChannels !== false) state.defaultChannelJoins.add(user._id);
  return ok({
    user: {
      _id: user._id,
      createdAt: user.createdAt,
      username: user.username,
      emails: user.emails,
      type: user.type,
      status: user.status,
      active: user.active,
      roles: user.roles,
      name: user.name,
      ...(user.requirePasswordChange && { requirePasswordChange: true }),
    },
  });
}

interface CreateBody {
  email: string;
  name: string;
  password: string;
  username: string;
  active?: boolean;
  bio?: string;
  nickname?: string;
  statusText?: string;
  roles?: string[];
  joinDefaultChannels?: boolean;
  requirePasswordChange?: boolean;
  setRandomPassword?: boolean;
  verified?: boolean;
  customFields?: Record<string, unknown>;
}

/**
 * `users.info`: the full record for the caller itself or a caller with view-full-other-user-info,
 * the public fields (no e-mails, no roles) for anyone else.
 */
function userInfo({ state, caller, query }: RouteContext): SimResponse {
  const keys = [...query.keys()];
  const allowed = keys.every((key) => key === 'userId' || key === 'username');
  const userId = query.get('userId');
  const username = query.get('username');
  // The schema is a oneOf of {userId} and {username}, neither with other keys.
  if (!allowed || keys.length !== 1 || (userId === null) === (username === null)) return invalidParams('must match exactly one schema in oneOf');

  const user = userId !== null ? state.userById(userId) : findByUsernameIgnoringCase(state, username as string);
  if (!user) return failure(400, 'User not found.');
  const full = user._id === caller._id || state.hasPermission(caller, 'view-full-other-user-info');
  return ok({ user: full ? fullView(user) : publicView(user) });
}

function publicView(user: SimUser): Record<string, unknown> {
  return present({
    _id: user._id,
    username: user.username,
    name: user.name,
    status: user.status,
    active: user.active ?? true,
    type: user.type ?? 'user',
    utcOffset: user.utcOffset,
    nickname: user.nickname,
    bio: user.bio,
    statusText: user.statusText,
  });
}

function fullView(user: SimUser): Record<string, unknown> {
  return present({
    ...publicView(user),
    emails: user.emails,
    roles: user.roles,
    statusLivechat: user.statusLivechat,
    createdAt: user.createdAt,
    requirePasswordChange: user.requirePasswordChange,
  });
}

/**
 * `users.setActiveStatus`. The last active admin cannot be deactivated (the server counts active
 * admins and refuses when there is one, whoever the target is). Deactivating signs the user out
 * (their tokens go) and makes an agent not-available; activating changes neither back.
 */
async function setActiveStatus({ state, caller, json }: RouteContext): Promise<SimResponse> {
  const parsed = await json();
  if ('status' in parsed) return parsed;
  const checked = validateBody(parsed.value, SET_ACTIVE_BODY);
  if ('status' in checked) return checked;
  if (!state.hasPermission(caller, 'edit-other-user-active-status')) return routeForbidden();
  const { userId, activeStatus } = checked.value as { userId: string; activeStatus: boolean };

  const user = state.userById(userId);
  if (!user) return failure(400, 'User not found');
  if (!activeStatus) {
    const activeAdmins = state.allUsers().filter((someone) => someone.active !== false && someone.roles.includes('admin')).length;
    if (user.roles.includes('admin') && activeAdmins === 1) {
      return meteorError('error-action-not-allowed', 'Leaving the app without active admins is not allowed');
    }
    if (user.roles.includes('livechat-agent')) user.statusLivechat = 'not-available';
    state.revokeTokens(user._id);
  }
  user.active = activeStatus;
  return ok({ user: { _id: user._id, active: user.active } });
}

function usernameTaken(state: RocketChatState, username: string): boolean {
  return findByUsernameIgnoringCase(state, username) !== undefined;
}

function findByUsernameIgnoringCase(state: RocketChatState, username: string): SimUser | undefined {
  const wanted = username.toLowerCase();
  return state.allUsers().find((user) => user.username?.toLowerCase() === wanted);
}

function emailTaken(state: RocketChatState, address: string): boolean {
  const wanted = address.toLowerCase();
  return state.allUsers().some((user) => (user.emails ?? []).some((email) => email.address.toLowerCase() === wanted));
}

/** Drops the keys whose value is undefined: fields the database does not hold are omitted. */
function present(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;' };

/** Underscore's `_.escape`, which the server applies to the value it names in field-unavailable errors. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => HTML_ESCAPES[char] as string);
}

export const userRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/api/v1/users.create', handle: createUser },
  { method: 'GET', pattern: '/api/v1/users.info', handle: userInfo },
  { method: 'POST', pattern: '/api/v1/users.setActiveStatus', handle: setActiveStatus },
];
