import type { SimResponse } from '../http-kit.js';
import { failure, meteorError, ok, routeForbidden } from './answers.js';
import { departmentAnswer, membershipAnswer, updateDepartmentAgents } from './department-records.js';
import { Match, check, type Pattern } from './match.js';
import type { RouteContext } from './route-table.js';
import { validateJson, type JsonSchema } from './schema.js';
import type { RocketChatState, SimDepartment } from './state.js';

/**
 * Creating, updating and removing a Livechat department, as current servers answer
 * (apps/meteor/app/livechat/imports/server/rest/departments.ts over server/lib/departmentsLib.ts):
 * - `POST livechat/department {department, agents?, departmentUnit?}`: the rest-typings schema first
 *   (before the permission check; `agents` entries may hold only `agentId`, `count`, `order`), then
 *   `manage-livechat-departments`, then the handler's Meteor `check`, then `saveDepartment`. Answers the
 *   stored document (without `numAgents`) and its membership rows.
 * - `PUT livechat/department/:_id` with the same body: the route lets in `manage-livechat-departments`
 *   or `add-livechat-department-agents`, but the handler refuses (400 `error-not-allowed`) anyone without
 *   the first; without the second the `agents` are silently ignored. `agents` are only added or updated,
 *   never removed for being left out: PUT is not "replace the agents". Answers the department as stored
 *   and all its membership rows.
 * - `DELETE livechat/department/:_id`: only when `Omnichannel_enable_department_removal` is on (off by
 *   default: 400 `error-department-removal-disabled`); removes the department and its memberships.
 *   Other departments' `fallbackForwardDepartment` pointing at it stay (the server unsets a field of
 *   another name).
 * The simulated workspace is licensed: creating a department is always available (a community server
 * allows only one).
 */

/** rest-typings' `isPOSTLivechatDepartmentProps`. */
const POST_BODY: JsonSchema = {
  type: 'object',
  properties: {
    department: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        name: { type: 'string' },
        description: { type: 'string', nullable: true },
        showOnRegistration: { type: 'boolean' },
        showOnOfflineForm: { type: 'boolean' },
        requestTagBeforeClosingChat: { type: 'boolean', nullable: true },
        chatClosingTags: { type: 'array', items: { type: 'string' }, nullable: true },
        fallbackForwardDepartment: { type: 'string', nullable: true },
        email: { type: 'string' },
        departmentsAllowedToForward: { type: 'array', items: { type: 'string' }, nullable: true },
        allowReceiveForwardOffline: { type: 'boolean', nullable: true },
        offlineMessageChannelName: { type: 'string', nullable: true },
        abandonedRoomsCloseCustomMessage: { type: 'string', nullable: true },
        waitingQueueMessage: { type: 'string', nullable: true },
      },
      required: ['name', 'email', 'enabled', 'showOnRegistration', 'showOnOfflineForm'],
      additionalProperties: true,
    },
    agents: {
      type: 'array',
      items: {
        type: 'object',
        properties: { agentId: { type: 'string' }, count: { type: 'number', nullable: true }, order: { type: 'number', nullable: true } },
        required: ['agentId'],
        additionalProperties: false,
      },
      nullable: true,
    },
    departmentUnit: { type: 'object', properties: { _id: { type: 'string' } }, additionalProperties: false },
  },
  required: ['department'],
  additionalProperties: false,
};

/** The POST and PUT handlers' own `check(this.bodyParams, …)`. */
const BODY_PATTERN = Match.object({
  department: Match.Object,
  agents: Match.maybe(Match.Array),
  departmentUnit: Match.maybe(Match.object({ _id: Match.optional(Match.String) })),
});

/** `saveDepartment`'s check of the department: these fields, and any other must be a string, an integer or a boolean. */
const DEPARTMENT_FIELDS: Readonly<Record<string, Pattern>> = {
  enabled: Match.Boolean,
  name: Match.String,
  description: Match.optional(Match.String),
  showOnRegistration: Match.Boolean,
  email: Match.String,
  showOnOfflineForm: Match.Boolean,
  requestTagBeforeClosingChat: Match.optional(Match.Boolean),
  chatClosingTags: Match.optional(Match.arrayOf(Match.String)),
  fallbackForwardDepartment: Match.optional(Match.String),
  departmentsAllowedToForward: Match.optional(Match.arrayOf(Match.String)),
  allowReceiveForwardOffline: Match.optional(Match.Boolean),
};
const OTHER_FIELD = Match.oneOf(Match.String, Match.Integer, Match.Boolean);

interface DepartmentBody {
  department: Record<string, unknown>;
  agents?: unknown[] | null;
}

export async function createDepartment({ state, caller, json }: RouteContext): Promise<SimResponse> {
  const parsed = await json();
  if ('status' in parsed) return parsed;
  const valid = validateJson(parsed.value, POST_BODY);
  if ('status' in valid) return valid;
  if (!state.hasPermission(caller, 'manage-livechat-departments')) return routeForbidden();
  const invalid = check(valid.value, BODY_PATTERN);
  if (invalid) return invalid;
  const body = valid.value as DepartmentBody;
  const saved = saveDepartment(state, null, body.department, body.agents ? { upsert: body.agents } : {});
  if ('status' in saved) return saved;
  return ok({ department: saved.document, agents: state.membershipsIn(saved.document._id).map(membershipAnswer) });
}

export async function updateDepartment({ state, caller, params, json }: RouteContext): Promise<SimResponse> {
  const parsed = await json();
  if ('status' in parsed) return parsed;
  const canSave = state.hasPermission(caller, 'manage-livechat-departments');
  const canAddAgents = state.hasPermission(caller, 'add-livechat-department-agents');
  if (!canSave && !canAddAgents) return routeForbidden();
  const invalid = check(parsed.value, BODY_PATTERN);
  if (invalid) return invalid;
  // Thrown as a plain Error: a 400 without errorType.
  if (!canSave) return failure(400, 'error-not-allowed');
  const body = parsed.value as DepartmentBody;
  const id = params._id as string;
  const saved = saveDepartment(state, id, body.department, canAddAgents && body.agents ? { upsert: body.agents } : {});
  if ('status' in saved) return saved;
  return ok({
    department: departmentAnswer(state, state.departmentById(id) as SimDepartment),
    agents: state.membershipsIn(id).map(membershipAnswer),
  });
}

export function removeDepartment({ state, caller, params }: RouteContext): SimResponse {
  if (!state.hasPermission(caller, 'manage-livechat-departments') && !state.hasPermission(caller, 'remove-livechat-department')) {
    return routeForbidden();
  }
  // `API.v1.failure('…')` and a plain thrown Error: `{success: false, error}`, no errorType.
  if (!state.departmentRemovalEnabled) return failure(400, 'error-department-removal-disabled');
  const id = params._id as string;
  if (!state.departmentById(id)) return failure(400, 'error-department-not-found');
  state.deleteDepartment(id);
  return ok();
}

/**
 * departmentsLib's `saveDepartment(userId, _id, departmentData, departmentAgents)`, step by step: the
 * archived check, the Meteor check of the fields, the closing-tags rule, the unknown id (only now, so a
 * PUT to an unknown id with an incomplete body is a Match error), the fallback department, the save, and
 * last the agents (whose entry check can still fail after the department was saved). `document` is the
 * department as stored before the agents were counted.
 */
function saveDepartment(
  state: RocketChatState,
  id: string | null,
  data: Record<string, unknown>,
  agents: { upsert?: unknown[] },
): { document: SimDepartment } | SimResponse {
  const existing = id === null ? undefined : state.departmentById(id);
  if (existing?.archived && data.enabled) return meteorError('error-archived-department-cant-be-enabled', 'Archived departments cant be enabled');
  const fields: Record<string, Pattern> = { ...DEPARTMENT_FIELDS };
  for (const key of Object.keys(data)) if (!(key in fields)) fields[key] = OTHER_FIELD;
  const invalid = check(data, Match.object(fields));
  if (invalid) return invalid;
  const tags = data.chatClosingTags as string[] | undefined;
  if (data.requestTagBeforeClosingChat && (!tags || tags.length === 0)) {
    return meteorError(
      'error-validating-department-chat-closing-tags',
      'At least one closing tag is required when the department requires tag(s) on closing conversations.',
    );
  }
  if (id !== null && !existing) return meteorError('error-department-not-found', 'Department not found');
  const fallback = data.fallbackForwardDepartment as string | undefined;
  if (fallback === id) {
    return meteorError('error-fallback-department-circular', 'Cannot save department. Circular reference between fallback department and department');
  }
  if (fallback && !state.departmentById(fallback)) return meteorError('error-fallback-department-not-found', 'Fallback department not found');

  let department: SimDepartment;
  if (existing) {
    // MongoDB refuses to `$set` another `_id`; the same one is harmless.
    if ('_id' in data && data._id !== existing._id) return failure(400, "Performing an update on the path '_id' would modify the immutable field '_id'");
    department = state.updateDepartmentFields(existing._id, data);
  } else {
    if (typeof data._id === 'string' && state.departmentById(data._id)) {
      return failure(400, `E11000 duplicate key error collection: rocketchat.rocketchat_livechat_department index: _id_ dup key: { _id: "${data._id}" }`);
    }
    department = state.insertDepartment(data);
  }
  const document = { ...department };
  const agentsFailed = updateDepartmentAgents(state, department._id, agents);
  return agentsFailed ?? { document };
}
