import type { SimResponse } from '../http-kit.js';
import type { JelouState, SimBot, SimRoom, SimWidgetUser } from './state.js';

/**
 * `POST /v1/widget/user` answering as Jelou does (shared/upstreams/jelou.md): the documented success
 * envelope with every documented field, the documented failure envelope and codes, and validation as
 * strict as the platform's. Authentication and injected faults happen before this runs (server.ts).
 */

const DEFAULT_AVATAR = 'https://s3.us-west-2.amazonaws.com/cdn.devlabs.tech/default_avatar.jpeg';

interface ErrorSpec {
  status: number;
  code: string;
  key: string;
  description: string;
  en: string;
  es: string;
}

/** Jelou's documented error codes (and the transport-level ones any Express app has). */
export const JELOU_ERRORS = {
  unauthorized: { status: 401, code: 'unauthorized', key: 'UNAUTHORIZED', description: 'Invalid or missing credentials.', en: 'You are not authorized to perform this action.', es: 'No estás autorizado para realizar esta acción.' },
  forbidden_bot: { status: 403, code: 'forbidden_bot', key: 'FORBIDDEN_BOT', description: 'The bot of these credentials may not perform this action.', en: 'The bot is not allowed to perform this action.', es: 'El bot no tiene permitido realizar esta acción.' },
  bot_not_found: { status: 404, code: 'bot_not_found', key: 'BOT_NOT_FOUND', description: 'No bot exists for these credentials.', en: 'Bot not found.', es: 'Bot no encontrado.' },
  validation: { status: 422, code: 'E0422', key: 'VALIDATOR_ERROR', description: 'The request body did not pass validation.', en: 'The data sent is not valid.', es: 'Los datos enviados no son válidos.' },
  internal_server_error: { status: 500, code: 'internal_server_error', key: 'INTERNAL_SERVER_ERROR', description: 'Unexpected error.', en: 'Something went wrong, please try again later.', es: 'Algo salió mal, por favor intenta más tarde.' },
  too_many_requests: { status: 429, code: 'too_many_requests', key: 'TOO_MANY_REQUESTS', description: 'Too many requests.', en: 'Too many requests, please try again later.', es: 'Demasiadas solicitudes, intenta más tarde.' },
  not_found: { status: 404, code: 'not_found', key: 'ROUTE_NOT_FOUND', description: 'No such route.', en: 'Resource not found.', es: 'Recurso no encontrado.' },
  method_not_allowed: { status: 405, code: 'method_not_allowed', key: 'METHOD_NOT_ALLOWED', description: 'The route does not accept this method.', en: 'Method not allowed.', es: 'Método no permitido.' },
  bad_request: { status: 400, code: 'bad_request', key: 'INVALID_JSON', description: 'The request body is not valid JSON.', en: 'The request is malformed.', es: 'La solicitud está mal formada.' },
  payload_too_large: { status: 413, code: 'payload_too_large', key: 'PAYLOAD_TOO_LARGE', description: 'The request body is larger than 1 MiB.', en: 'The request is too large.', es: 'La solicitud es demasiado grande.' },
} satisfies Record<string, ErrorSpec>;
export type JelouErrorName = keyof typeof JELOU_ERRORS;

/**
 * The failure envelope's body. Without a name it is the bare `status: 0` body Jelou also answers with
 * (over HTTP 200); tests build canned answers with it, e.g. `{ kind: 'status', status: 200, body:
 * jelouFailureBody('forbidden_bot') }` for the HTTP 200 + `status: 0` quirk.
 */
export function jelouFailureBody(name?: JelouErrorName, extra: { validationError?: unknown } = {}): Record<string, unknown> {
  if (name === undefined) return { message: ['Something went wrong'], statusMessage: 'failed', status: 0 };
  const spec: ErrorSpec = JELOU_ERRORS[name];
  const messages = { es: spec.es, en: spec.en };
  const body: Record<string, unknown> = {
    message: [spec.en],
    statusMessage: 'failed',
    status: 0,
    error: { code: spec.code, key: spec.key, description: spec.description, developerMessages: messages, clientMessages: messages },
  };
  if (extra.validationError !== undefined) body.validationError = extra.validationError;
  return body;
}

/** The failure answer; `httpStatus` overrides the status for Jelou's HTTP 200 + `status: 0` answers. */
export function failure(
  name: JelouErrorName,
  extra: { validationError?: unknown; httpStatus?: number; headers?: Record<string, string> } = {},
): SimResponse {
  const body = jelouFailureBody(name, extra);
  return { status: extra.httpStatus ?? JELOU_ERRORS[name].status, body, ...(extra.headers && { headers: extra.headers }) };
}

/** Which documented error a bare status stands for; 404 is the platform's own `bot_not_found`, not the router's. */
const ERROR_BY_STATUS: Partial<Record<number, JelouErrorName>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden_bot',
  404: 'bot_not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  422: 'validation',
  429: 'too_many_requests',
};

/** The body a failure with this HTTP status carries by default (fault injection); anything unlisted is internal_server_error. */
export function jelouFailureBodyForStatus(status: number): Record<string, unknown> {
  return jelouFailureBody(ERROR_BY_STATUS[status] ?? 'internal_server_error');
}

/**
 * `POST /v1/widget/user`. Express's JSON parser only reads `application/json` bodies (anything else
 * leaves the body empty, so `user` is missing) and refuses malformed JSON, or a top-level value that
 * is not an object or array, with a 400. `onCreated` is told about a user this call created (not one
 * it found): Jelou's `user-new` webhook.
 */
export function getOrCreateWidgetUser(
  state: JelouState,
  bot: SimBot,
  rawBody: string,
  isJson: boolean,
  at: string,
  onCreated?: (user: SimWidgetUser) => void,
): SimResponse {
  let body: unknown = {};
  if (isJson && rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return failure('bad_request');
    }
    // body-parser's strict mode: only an object or an array may be the top-level value.
    if (typeof body !== 'object' || body === null) return failure('bad_request');
  }
  const input = validate(body);
  if ('problems' in input) return failure('validation', { validationError: input.problems });
  const existed = state.user(bot.id, input.referenceId) !== undefined;
  const user = state.getOrCreateUser(bot, input, at);
  if (!existed) onCreated?.(user);
  return {
    status: 200,
    body: {
      message: ['User created successfully!'],
      statusMessage: 'success',
      status: 1,
      data: { User: userJson(user), Room: roomJson(state, user.roomId), groupRoom: roomJson(state, user.groupRoomId) },
    },
  };
}

type ValidationResult = { referenceId: string; names: string; legalId: string | number | undefined } | { problems: Record<string, string[]> };

/**
 * Rules `user: required|object`, `user.id: required|string`, `user.names: required|string` (required in
 * the current docs) and `user.legalId: string or integer` (optional; null counts as absent). Problems
 * come back as validatorjs writes them — field → list of English messages — which is the
 * `validationError` shape this simulator emits (Jelou does not publish its own).
 */
export function validate(body: unknown): ValidationResult {
  const problems: Record<string, string[]> = {};
  const user = isObject(body) ? body.user : undefined;
  if (user === undefined || user === null) return { problems: { user: ['The user field is required.'] } };
  if (!isObject(user)) return { problems: { user: ['The user must be an object.'] } };
  for (const field of ['id', 'names'] as const) {
    const value = user[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      problems[`user.${field}`] = [`The user.${field} field is required.`];
    } else if (typeof value !== 'string') {
      problems[`user.${field}`] = [`The user.${field} must be a string.`];
    }
  }
  const legalId = user.legalId;
  if (legalId !== undefined && legalId !== null && typeof legalId !== 'string' && typeof legalId !== 'number') {
    problems['user.legalId'] = ['The user.legalId must be a string or a number.'];
  }
  if (Object.keys(problems).length > 0) return { problems };
  return {
    referenceId: user.id as string,
    names: user.names as string,
    legalId: legalId === null ? undefined : (legalId as string | number | undefined),
  };
}

/** The `User` object, keys in the documented order; `legalId` is not part of it. */
function userJson(user: SimWidgetUser): Record<string, unknown> {
  return {
    id: user.id,
    referenceId: user.referenceId,
    botId: user.botId,
    socketId: user.socketId,
    companyId: user.companyId,
    names: user.names,
    providerId: user.providerId,
    roomId: user.roomId,
    groupId: user.groupId,
    updatedAt: user.updatedAt,
    createdAt: user.createdAt,
    databaseId: user.databaseId,
    groupRoomId: user.groupRoomId,
  };
}

/** `Room` and `groupRoom` share this shape (the seed page). */
function roomJson(state: JelouState, id: string): Record<string, unknown> | null {
  const room: SimRoom | undefined = state.room(id);
  if (!room) return null;
  const bot = state.bot(room.botId);
  const company = state.company(room.companyId);
  return {
    avatarUrl: DEFAULT_AVATAR,
    type: room.type,
    kind: room.kind,
    members: [...room.members],
    membersInfo: room.membersInfo.map((member) => ({ ...member })),
    messages: [],
    tags: [...room.tags],
    deleted: room.deleted,
    _id: room._id,
    id: room.id,
    name: room.name,
    channel: 'Widget',
    channelProvider: 'Widget',
    bot: bot ? { id: bot.id, name: bot.name, companyId: bot.companyId, type: 'Widget' } : {},
    company: company ? { id: company.id, name: company.name } : {},
    lastMessageAt: room.lastMessageAt,
    createdAt: room.createdAt,
    updatedAt: room.updatedAt,
    __v: 0,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
