import { GraphQLError } from 'graphql';
import { GatewayError, type ErrorCode } from '../errors.js';

/**
 * An error that refuses the whole request from a plugin hook (before any resolver runs). Apollo Server
 * sends it as the response, with the HTTP status from `extensions.http` (removed before sending; 500
 * otherwise); `formatError` keeps its code. The GatewayError inside carries the log fields, so
 * error-logging.ts logs it like any coded error (never a secret, never the query).
 */
export function requestRefusal(code: ErrorCode, status: number, message: string, logFields?: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, {
    originalError: new GatewayError(code, message, logFields && { logFields }),
    extensions: { code, http: { status } },
  });
}

/** The coded error behind a request-level refusal or a resolver's error, if there is one. */
export function gatewayErrorOf(error: unknown): GatewayError | undefined {
  if (error instanceof GatewayError) return error;
  return error instanceof GraphQLError && error.originalError instanceof GatewayError ? error.originalError : undefined;
}
