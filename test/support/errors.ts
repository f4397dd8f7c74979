import { GatewayError } from '../../src/errors';

/** The GatewayError a call rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejectionOf(call: Promise<unknown>): Promise<GatewayError> {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw new Error(`expected a GatewayError, got ${String(error)}`);
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(outcome)}`);
}
