import { decodeCursor, encodeCursor } from '../../src/domains/agents/cursor';
import { toAgentListQuery } from '../../src/domains/agents/list-args';
import { ErrorCode, GatewayError } from '../../src/errors';

function codeOf(run: () => unknown): ErrorCode | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof GatewayError ? error.code : undefined;
  }
}

describe('Query.agents arguments', () => {
  it('defaults to the first 50 agents', () => {
    expect(toAgentListQuery({ type: 'AGENT' })).toEqual({ query: { type: 'AGENT', offset: 0, count: 50 }, requested: 50 });
  });

  it('continues after a cursor and passes every filter in the platform’s terms', () => {
    const { query } = toAgentListQuery({
      type: 'AGENT',
      first: 100,
      after: encodeCursor('AGENT', 49),
      search: '  ana ',
      onlyAvailable: false,
      excludeId: 'abc',
      includeIdle: false,
    });
    expect(query).toEqual({ type: 'AGENT', offset: 50, count: 100, text: 'ana', onlyAvailable: false, excludeId: 'abc', includeIdle: false });
  });

  it('asks for one agent when first is 0, to learn the total', () => {
    expect(toAgentListQuery({ type: 'MANAGER', first: 0 })).toEqual({ query: { type: 'MANAGER', offset: 0, count: 1 }, requested: 0 });
  });

  it.each([101, 1000, -1])('refuses first = %d instead of truncating', (first) => {
    expect(codeOf(() => toAgentListQuery({ type: 'AGENT', first }))).toBe(ErrorCode.BAD_USER_INPUT);
  });

  it.each(['onlyAvailable', 'excludeId', 'includeIdle'])('refuses the agent filter %s for managers', (filter) => {
    const value = filter === 'excludeId' ? 'abc' : true;
    expect(codeOf(() => toAgentListQuery({ type: 'MANAGER', [filter]: value }))).toBe(ErrorCode.BAD_USER_INPUT);
    expect(codeOf(() => toAgentListQuery({ type: 'MANAGER', [filter]: null }))).toBeUndefined();
  });

  it('refuses oversized or control-character searches and excluded ids', () => {
    expect(codeOf(() => toAgentListQuery({ type: 'AGENT', search: 'x'.repeat(201) }))).toBe(ErrorCode.BAD_USER_INPUT);
    expect(codeOf(() => toAgentListQuery({ type: 'AGENT', search: 'a\u0007' }))).toBe(ErrorCode.BAD_USER_INPUT);
    expect(codeOf(() => toAgentListQuery({ type: 'AGENT', excludeId: '' }))).toBe(ErrorCode.BAD_USER_INPUT);
  });
});

describe('agent cursors', () => {
  it('round-trip a position', () => {
    expect(decodeCursor('AGENT', encodeCursor('AGENT', 0))).toBe(0);
    expect(decodeCursor('MANAGER', encodeCursor('MANAGER', 12345))).toBe(12345);
  });

  it('refuse a cursor of the other list', () => {
    expect(codeOf(() => decodeCursor('MANAGER', encodeCursor('AGENT', 3)))).toBe(ErrorCode.BAD_USER_INPUT);
  });

  it.each(['', 'garbage', Buffer.from('AGENT:-1').toString('base64url'), Buffer.from('USER:3').toString('base64url'), 'x'.repeat(100)])(
    'refuse the forged cursor %j',
    (cursor) => {
      expect(codeOf(() => decodeCursor('AGENT', cursor))).toBe(ErrorCode.BAD_USER_INPUT);
    },
  );
});
