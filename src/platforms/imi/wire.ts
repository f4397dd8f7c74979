import { z } from 'zod';

/**
 * IMI / Webex Engage v3.1 wire shapes (shared/upstreams/imi.md). IMI publishes no schema files, so these
 * are written from the reference pages. They are strict where a wrong value would corrupt our data (the
 * user `id`, the envelope's `status_code`) and tolerant elsewhere: optional fields may be missing or
 * null, and the loose spellings JSON APIs drift into (`"true"`, `1`, `"3"`) are accepted so that mapping
 * can normalise them instead of failing a whole page over one odd value.
 */

/** Ids are documented as integers; numeric strings are accepted too. 18 digits fit IMI's bigint ids. */
export const IMI_ID_PATTERN = /^\d{1,18}$/;

const wireId = z
  .union([z.number().int().nonnegative().refine(Number.isSafeInteger, 'unsafe integer id'), z.string().regex(IMI_ID_PATTERN)])
  .transform(String);

const looseBoolean = z.union([z.boolean(), z.enum(['true', 'false']), z.literal(0), z.literal(1)]).nullish();
const looseInteger = z.union([z.number(), z.string()]).nullish();
const text = z.string().nullish();

/** The envelope of every answer. `status_code` is IMI's own code, distinct from the HTTP status. */
export const wireEnvelope = z.object({
  status_code: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  description: z.string().nullish(),
  response: z.unknown(),
});
export type WireEnvelope = z.infer<typeof wireEnvelope>;

/** Fields the search list view carries (the subset documented for `POST /v3.1/users/search`). */
const summaryFields = {
  id: wireId,
  created_at: text,
  updated_at: text,
  first_name: text,
  last_name: text,
  login_id: text,
  email_id: text,
  status: text,
  accepting_chats: looseBoolean,
  active_chats: looseInteger,
};

/** A user as the search list view carries it: no details. */
export const wireUserSummary = z.object(summaryFields).transform((user) => ({ ...user, view: 'list' as const }));
export type WireUserSummary = z.output<typeof wireUserSummary>;

/** A user as `GET /v3.1/users/{id}` and the create answer carry it. */
export const wireUserDetail = z
  .object({
    ...summaryFields,
    logged_in: looseBoolean,
    job_description: text,
    login_using_email: looseBoolean,
    role_type: text,
    skill_attributes: z.record(z.string(), z.unknown()).nullish(),
  })
  .transform((user) => ({ ...user, view: 'detail' as const }));
export type WireUserDetail = z.output<typeof wireUserDetail>;

export type WireUser = WireUserSummary | WireUserDetail;

const userList = z.array(wireUserSummary);

/**
 * A search page: at most ten users, no total. IMI documents `response` as a Users List object,
 * `{ users: [...] }` (empty past the last page); older deployments answered the bare array, and an empty
 * page may come as `null` — both still read.
 */
export const wireSearchPage = z
  .union([z.object({ users: userList.nullable() }), userList, z.null()])
  .transform((page) => (page === null ? [] : Array.isArray(page) ? page : (page.users ?? [])));

export type WireRole = 'Team Manager' | 'Team Agent' | 'Team Analyst';

export interface WirePrivilege {
  teamid: number;
  role: WireRole;
}

/** Body of `POST /v3.1/users`; optional fields are omitted rather than sent as null. */
export interface WireCreateUserBody {
  first_name: string;
  last_name: string;
  login_id: string;
  email_id: string;
  password: string;
  job_description?: string;
  login_using_email: boolean;
  privileges: WirePrivilege[];
  skill_attributes?: Record<string, unknown>;
  active_chats?: number;
}
