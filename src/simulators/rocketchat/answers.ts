import type { SimResponse } from '../http-kit.js';

/**
 * The bodies Rocket.Chat's REST API answers with: `API.v1.success` adds `success: true` to what the
 * route returns; its failures carry `success: false` and an `error`, plus `errorType` when they come
 * from a thrown `Meteor.Error` (whose reason is then followed by ` [type]`).
 */

export const ok = (body: Record<string, unknown> = {}): SimResponse => ({ status: 200, body: { ...body, success: true } });

export const failure = (status: number, error: string): SimResponse => ({ status, body: { success: false, error } });

/** A `Meteor.Error(type, reason)` thrown in a route: 400 `{error: 'reason [type]', errorType: type}`. */
export const meteorError = (type: string, reason: string): SimResponse => ({
  status: 400,
  body: { success: false, error: `${reason} [${type}]`, errorType: type },
});

/** What a failed `validateParams` (the rest-typings' ajv schemas) answers, before any permission check. */
export const invalidParams = (message: string): SimResponse => meteorError('invalid-params', message);

/** A failed Meteor `check()` inside a handler (so after the route's permission check). */
export const matchError = (message: string): SimResponse => ({
  status: 400,
  body: { success: false, error: `Match error: ${message}`, errorType: 'Match.Error' },
});

/** Route-level permission failure (`permissionsRequired`). */
export const routeForbidden = (): SimResponse =>
  failure(403, 'User does not have the permissions required for this action [error-unauthorized]');
