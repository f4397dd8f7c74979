import { z } from 'zod';

/**
 * Rocket.Chat's wire shapes for /api/v1/livechat/users, written by hand (the official typings packages
 * do not install with npm). They accept what real servers send — nulls for missing fields in lists,
 * omitted fields in single lookups, `''` for an unset chat limit, `'true'` strings for booleans —
 * and nothing that would make mapping guess.
 */
const email = z.object({
  address: z.string(),
  verified: z.union([z.boolean(), z.string()]).nullish(),
});

const livechat = z
  .object({ maxNumberSimultaneousChat: z.union([z.number(), z.string()]).nullish() })
  .nullish();

/** A user as returned by the single-user lookup: missing fields are omitted. */
export const wireUser = z.object({
  _id: z.string().min(1),
  username: z.string().nullish(),
  name: z.string().nullish(),
  status: z.string().nullish(),
  statusLivechat: z.string().nullish(),
  emails: z.array(email).nullish(),
  livechat,
  departments: z.array(z.string()).nullish(),
});
export type WireUser = z.infer<typeof wireUser>;

export const listUsersResponse = z.object({
  users: z.array(wireUser),
  count: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  success: z.literal(true),
});
export type ListUsersResponse = z.infer<typeof listUsersResponse>;

export const getUserResponse = z.object({ user: wireUser.nullable(), success: z.literal(true) });

export const addUserResponse = z.object({
  user: z.object({ _id: z.string().min(1), username: z.string().nullish() }),
  success: z.literal(true),
});

export const successResponse = z.object({ success: z.literal(true) });

/** Every failure body: `{success:false, error, errorType?}` (401s add `status` and `message`). */
export const errorResponse = z.object({
  success: z.literal(false).optional(),
  error: z.string().optional(),
  errorType: z.string().optional(),
});

/** The path's `:type` segment. */
export type WireUserType = 'agent' | 'manager';

/** Query keys the list endpoint accepts; any other key is a 400 on the real server. */
export interface ListUsersQuery {
  text?: string;
  onlyAvailable?: boolean;
  excludeId?: string;
  showIdleAgents?: boolean;
  count: number;
  offset: number;
  sort?: string;
}
