import { GatewayError } from '../../src/errors';

/** The GatewayError a call rejects with; fails the test when it resolves or rejects with anything else. */
export function rejectionOf(call: Promise<unknown>): Promise<GatewayError> {
  return rejectionOfType(call, GatewayError);
}

/** The error of class `type` a call rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejectionOfType<E extends Error>(call: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (error) {
    if (error instanceof type) return error;
    throw new Error(`expected a ${type.name}, got ${String(error)}`);
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(outcome)}`);
}
