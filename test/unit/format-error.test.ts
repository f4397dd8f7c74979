import { GraphQLError } from 'graphql';
import { ErrorCode, GatewayError } from '../../src/errors';
import { formatError } from '../../src/plugins/format-error';

/** Resolver errors reach formatError wrapped in a GraphQLError, as graphql-js does. */
function fromResolver(original: Error): GraphQLError {
  return new GraphQLError(original.message, { path: ['agents'], originalError: original });
}

describe('formatError (the one funnel from errors to clients)', () => {
  it('passes coded gateway errors with their provider and retry hint', () => {
    const error = new GatewayError(ErrorCode.UPSTREAM_RATE_LIMITED, 'Rocket.Chat is rate-limiting the gateway.', {
      provider: 'rocketchat',
      retryAfterMs: 1500,
      logFields: { route: 'GET /x', upstreamError: 'secret-ish detail' },
    });
    const wrapped = fromResolver(error);
    expect(formatError({ message: wrapped.message, path: ['agents'] }, wrapped)).toEqual({
      message: 'Rocket.Chat is rate-limiting the gateway.',
      path: ['agents'],
      extensions: { code: 'UPSTREAM_RATE_LIMITED', provider: 'rocketchat', retryAfterMs: 1500 },
    });
  });

  it('masks unexpected errors as INTERNAL_SERVER_ERROR, hiding their message and stack', () => {
    const bug = fromResolver(new TypeError("Cannot read properties of undefined (reading 'token=abc')"));
    const formatted = formatError({ message: bug.message, path: ['agents'], extensions: { stacktrace: ['at x'] } }, bug);
    expect(formatted).toEqual({ message: 'Internal server error', path: ['agents'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('hides the message of gateway errors that are internal', () => {
    const error = fromResolver(new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'Rocket.Chat refused the gateway request.', { provider: 'rocketchat' }));
    expect(formatError({ message: error.message }, error)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', provider: 'rocketchat' },
    });
  });

  it('codes an uncoded request error Apollo marks with a 4xx status as BAD_REQUEST (a persisted query hash mismatch)', () => {
    const mismatch = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    expect(formatError({ message: mismatch.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, mismatch)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('masks uncoded errors graphql-js raises while executing: their messages are internal', () => {
    for (const message of [
      'Abstract type "User" `__resolveReference` method resolved to a non-object type "User".',
      'DateTime cannot represent an invalid date-time-string yesterday.',
    ]) {
      const execution = new GraphQLError(message, { path: ['_entities', 0] });
      expect(formatError({ message, path: ['_entities', 0], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, execution)).toEqual({
        message: 'Internal server error',
        path: ['_entities', 0],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    }
  });

  it("codes graphql-js's uncoded argument coercion while executing as BAD_USER_INPUT", () => {
    const coercion = new GraphQLError('Argument "type" of non-null type "AgentType!" must not be null.', { path: ['agents'] });
    expect(formatError({ message: coercion.message, path: ['agents'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, coercion)).toEqual({
      message: 'Argument "type" of non-null type "AgentType!" must not be null.',
      path: ['agents'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('passes request errors from graphql-js and Apollo with their code and without a stack', () => {
    const validation = new GraphQLError('Cannot query field "nope" on type "Query".', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(
      formatError({ message: validation.message, locations: [{ line: 1, column: 3 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['x'] } }, validation),
    ).toEqual({ message: validation.message, locations: [{ line: 1, column: 3 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });
});
