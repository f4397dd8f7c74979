import type { Resolvers } from '../../__generated__/resolvers-types.js';
import type { GatewayContext } from '../../context.js';
import type { PersonRecord, SyncState, WorkflowRecord } from '../../store/types.js';
import { runOffboarding, offboardingSteps, withLiveRocketChatIdentity } from '../../workflows/offboarding.js';
import { onboardingSteps, runOnboarding, type Refusal } from '../../workflows/onboarding.js';
import type { ExecuteOutcome } from '../../workflows/service.js';
import { idIssue } from '../shared/input.js';
import { encodeOffsetCursor, offsetPageInfo } from '../shared/offset-cursor.js';
import { userError, type UserErrorCode, type UserErrorModel } from '../shared/user-errors.js';
import { checkIdempotencyKey, checkOnboarding, offboardTarget, toPersonLookup } from './input.js';
import { PEOPLE_LIST, toPeopleQuery, toPlatform } from './list-args.js';
import type { PeoplePageModel, PersonPayloadModel } from './models.js';

/** Time left for waiting on another request's workflow with the same key, keeping a margin to answer. */
const ANSWER_MARGIN_MS = 1_000;

/** Thin resolvers over the request's PeopleScope (the tenant's directory and workflows). */
export const peopleResolvers: Resolvers = {
  Query: {
    async people(_parent, args, { people }) {
      const { query, requested } = toPeopleQuery(args);
      return { ...(await people.list(query)), offset: query.offset, requested };
    },
    person(_parent, args, { people }) {
      const lookup = toPersonLookup(args);
      return 'id' in lookup ? people.byId(lookup.id) : people.byEmail(lookup.email);
    },
    async directorySync(_parent, _args, { people }) {
      return { states: await people.syncStates() };
    },
    workflow(_parent, { id }, { people }) {
      return idIssue(id) === undefined ? people.workflow(id) : null;
    },
  },

  Mutation: {
    async syncDirectory(_parent, _args, { people }) {
      const started = await people.syncNow();
      return { started: started === 'started', states: await people.syncStates() };
    },

    async onboardPerson(_parent, { input, idempotencyKey }, context) {
      const key = checkIdempotencyKey(idempotencyKey);
      const checked = checkOnboarding(input);
      if (!checked.ok) return { personId: null, workflow: null, userErrors: checked.userErrors };
      const { plan } = checked;
      const outcome = await context.people.execute(
        { kind: 'ONBOARD', idempotencyKey: key, input: checked.fingerprintInput, secrets: checked.secrets, steps: onboardingSteps(plan) },
        async (run) => {
          const { end, refusals } = await runOnboarding(run, plan, {
            rocketchat: context.rocketchat,
            imi: context.imi,
            recordIdentity: (identity) => context.people.recordIdentity(identity),
          });
          // Recorded with the answer, so that a replay reports the same refusals.
          return { end, result: { personId: end.personId, userErrors: refusals.map(toUserError) } };
        },
        waitBudget(context),
      );
      return payloadOf(outcome);
    },

    async offboardPerson(_parent, { input, idempotencyKey }, context) {
      const key = checkIdempotencyKey(idempotencyKey);
      const target = offboardTarget(input);
      if ('code' in target) return { personId: null, workflow: null, userErrors: [target] };
      const deactivateRocketChatUser = input.deactivateRocketChatUser ?? false;
      // The input as given is what the key remembers: a replay answers from the record even when the
      // directory has changed since (the person refreshed away, or linked anew under another id).
      const request = { kind: 'OFFBOARD' as const, idempotencyKey: key, input: { ...target, deactivateRocketChatUser }, secrets: [] };
      if (await context.people.isKnownKey(key)) {
        return payloadOf(await context.people.execute({ ...request, steps: [] }, () => Promise.reject(new Error('a known key never runs')), waitBudget(context)));
      }
      const person = 'id' in target ? await context.people.byId(target.id) : await context.people.byEmail(target.email);
      if (!person) {
        const field = 'id' in target ? ['input', 'personId'] : ['input', 'email'];
        return { personId: null, workflow: null, userErrors: [userError('UNKNOWN_PERSON', 'The directory has no such person (a refresh may not have seen them yet: see directorySync).', field)] };
      }
      const identities = await withLiveRocketChatIdentity(context.rocketchat, person.email, await context.people.identitiesOf(person.id));
      const plan = { personId: person.id, identities, deactivateRocketChatUser };
      const outcome = await context.people.execute(
        { ...request, steps: offboardingSteps(plan) },
        async (run) => {
          const end = await runOffboarding(run, plan, { rocketchat: context.rocketchat, imi: context.imi, recordIdentity: (identity) => context.people.recordIdentity(identity) });
          return { end, result: { personId: person.id, userErrors: [] } };
        },
        waitBudget(context),
      );
      return payloadOf(outcome);
    },
  },

  Person: {
    __resolveReference(reference, { people }) {
      const id: unknown = reference.id;
      return typeof id === 'string' && idIssue(id) === undefined ? people.byId(id) : null;
    },
    platforms: (person) => person.platforms.map(toPlatform),
    async rocketChatAgent(person, _args, { people, rocketchat }) {
      const identity = await people.identityOn(person.id, 'rocketchat');
      return identity ? rocketchat.agent('AGENT', identity.userId) : null;
    },
    async rocketChatManager(person, _args, { people, rocketchat }) {
      const identity = await people.identityOn(person.id, 'rocketchat');
      return identity ? rocketchat.agent('MANAGER', identity.userId) : null;
    },
    async customerCareUser(person, _args, { people, imi }) {
      const identity = await people.identityOn(person.id, 'imi');
      return identity ? imi.customerCareUser(identity.userId) : null;
    },
    async identities(person, _args, { people, rocketchat, imi }) {
      const identities = await people.identitiesOf(person.id);
      const found = await Promise.all(
        identities.map((identity) => (identity.platform === 'rocketchat' ? rocketchat.accounts.user({ id: identity.userId }) : imi.customerCareUser(identity.userId))),
      );
      return found.filter((user) => user !== null);
    },
  },

  User: {
    // Each platform's model has a field no other has.
    __resolveType(user) {
      if ('livechatRoles' in user) return 'RocketChatUser';
      if ('livechatStatus' in user) return 'Agent';
      if ('loginId' in user) return 'CustomerCareUser';
      return 'WidgetUser';
    },
  },

  PersonConnection: {
    edges: (page) => visiblePeople(page).map((node, index) => ({ cursor: encodeOffsetCursor(PEOPLE_LIST, page.offset + index), node })),
    nodes: (page) => visiblePeople(page),
    totalCount: (page) => page.total,
    pageInfo: (page) => offsetPageInfo(PEOPLE_LIST, page.offset, visiblePeople(page).length, page.total),
  },

  DirectorySync: {
    platforms: (sync) => sync.states,
    running: (sync) => sync.states.some((state) => state.running),
    identities: (sync) => sync.states.reduce((sum, state) => sum + state.identities, 0),
  },

  SyncDirectoryPayload: {
    sync: (payload) => ({ states: payload.states }),
  },

  PlatformSync: {
    platform: (state: SyncState) => toPlatform(state.platform),
  },

  Workflow: {
    steps: (workflow: WorkflowRecord) => workflow.steps,
  },

  WorkflowStep: {
    platform: (step) => toPlatform(step.platform),
  },

  OnboardPersonPayload: {
    person: (payload, _args, { people }) => personOf(payload, people),
  },

  OffboardPersonPayload: {
    person: (payload, _args, { people }) => personOf(payload, people),
  },
};

/** A workflow step's refusal as a userError (its code is one of UserErrorCode's: see workflows/onboarding.ts). */
function toUserError(refusal: Refusal): UserErrorModel {
  return { code: refusal.code as UserErrorCode, message: refusal.message, field: refusal.field };
}

function personOf(payload: PersonPayloadModel, people: GatewayContext['people']): Promise<PersonRecord | null> | null {
  return payload.personId === null ? null : people.byId(payload.personId);
}

function visiblePeople(page: PeoplePageModel) {
  return page.requested === 0 ? [] : page.people;
}

function waitBudget(context: GatewayContext): number {
  return Math.max(0, context.deadline.remainingMs() - ANSWER_MARGIN_MS);
}

function payloadOf(outcome: ExecuteOutcome): PersonPayloadModel {
  switch (outcome.kind) {
    case 'ran':
    case 'replayed': {
      const recorded = outcome.result ?? {};
      const personId = typeof recorded['personId'] === 'string' ? recorded['personId'] : outcome.workflow.personId;
      const userErrors = Array.isArray(recorded['userErrors']) ? (recorded['userErrors'] as UserErrorModel[]) : [];
      return { personId, workflow: outcome.workflow, userErrors };
    }
    case 'reused':
      return {
        personId: null,
        workflow: null,
        userErrors: [userError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used with another input: use a new key for a new request.', ['idempotencyKey'])],
      };
    case 'in-progress':
      return {
        personId: outcome.workflow.personId,
        workflow: outcome.workflow,
        userErrors: [userError('WORKFLOW_IN_PROGRESS', 'Another request is running this workflow: ask again with the same key for its answer, or read workflow(id).', ['idempotencyKey'])],
      };
  }
}
