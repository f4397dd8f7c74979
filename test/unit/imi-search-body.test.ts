import { ErrorCode, GatewayError } from '../../src/errors';
import { toSearchBody } from '../../src/platforms/imi/search-body';

describe('toSearchBody (the one place the unverified search syntax lives)', () => {
  it('sends an empty filter object for an empty search', () => {
    expect(toSearchBody({})).toEqual({ filters: {} });
  });

  it('writes each filter as an operator object under its wire name', () => {
    expect(
      toSearchBody({
        status: 'INACTIVE',
        createdAt: { gte: '2024-01-01T00:00:00Z', lt: '2024-06-01T00:00:00.250Z' },
        updatedAt: { eq: '2024-02-02T10:00:00+01:00' },
        acceptingChats: false,
        activeChats: { lt: 3, gte: 0 },
      }),
    ).toEqual({
      filters: {
        status: { eq: 'inactive' },
        created_at: { lt: '2024-06-01T00:00:00.250Z', gte: '2024-01-01T00:00:00Z' },
        updated_at: { eq: '2024-02-02T09:00:00Z' },
        accepting_chats: { eq: false },
        active_chats: { lt: 3, gte: 0 },
      },
    });
  });

  it('includes only the filters that constrain something', () => {
    expect(toSearchBody({ acceptingChats: true, createdAt: {}, activeChats: {} })).toEqual({ filters: { accepting_chats: { eq: true } } });
  });

  it('writes equal searches identically whatever the key order, so they can share a cache key', () => {
    const a = toSearchBody({ status: 'ACTIVE', activeChats: { gt: 1, lt: 4 } });
    const b = toSearchBody({ activeChats: { lt: 4, gt: 1 }, status: 'ACTIVE' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it.each([
    ['an unreadable date', { createdAt: { gte: 'last week' } }],
    ['a negative chat count', { activeChats: { gt: -1 } }],
    ['a fractional chat count', { activeChats: { lt: 1.5 } }],
  ])('refuses %s with BAD_USER_INPUT', (_name, search) => {
    let caught: unknown;
    try {
      toSearchBody(search);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).code).toBe(ErrorCode.BAD_USER_INPUT);
  });
});
