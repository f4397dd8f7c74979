import { memberId, toInteger, toRoom, toTimestamp, toWidgetUser } from '../../src/platforms/jelou/mapping';
import { widgetUserData, widgetUserResponse, wireRoom, wireUser } from '../../src/platforms/jelou/wire';

const BOT = '3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60718';

/** A room as the seed page documents it. */
function documentedRoom(id: string, kind: string) {
  return {
    avatarUrl: 'https://s3.us-west-2.amazonaws.com/cdn.devlabs.tech/default_avatar.jpeg',
    type: 'group',
    kind,
    members: ['11111111111', BOT],
    membersInfo: [{ id: '11111111111', names: 'Tester #1111' }],
    messages: [],
    tags: [],
    deleted: false,
    _id: '65f1c0ffee0123456789abcd',
    id,
    name: 'Tester #1111',
    channel: 'Widget',
    channelProvider: 'Widget',
    bot: { id: BOT, name: 'Acme' },
    company: { id: 135, name: 'Acme' },
    lastMessageAt: '2024-03-13T15:04:05.000Z',
    createdAt: '2024-03-13T15:04:05.000Z',
    updatedAt: '2024-03-13T15:04:06.000Z',
    __v: 0,
  };
}

const documentedBody = {
  message: ['User created successfully!'],
  statusMessage: 'success',
  status: 1,
  data: {
    User: {
      id: '11111111111',
      referenceId: '11111111111',
      botId: BOT,
      socketId: 'sock-1',
      companyId: 135,
      names: 'Tester #1111',
      providerId: '11111111111',
      roomId: `G:${BOT}:11111111111`,
      groupId: '135:11111111111',
      updatedAt: '2024-03-13T15:04:05.000Z',
      createdAt: '2024-03-13T15:04:05.000Z',
      databaseId: 48211,
      groupRoomId: 'G:135:11111111111',
    },
    Room: documentedRoom(`G:${BOT}:11111111111`, 'user'),
    groupRoom: documentedRoom('G:135:11111111111', 'group'),
  },
};

describe('Jelou wire→model mapping', () => {
  it('maps the documented success body to a widget user with both rooms', () => {
    const body = widgetUserResponse.parse(documentedBody);
    const room = {
      name: 'Tester #1111',
      type: 'group',
      channel: 'Widget',
      channelProvider: 'Widget',
      avatarUrl: 'https://s3.us-west-2.amazonaws.com/cdn.devlabs.tech/default_avatar.jpeg',
      memberIds: ['11111111111', BOT],
      tags: [],
      deleted: false,
      lastMessageAt: '2024-03-13T15:04:05.000Z',
      createdAt: '2024-03-13T15:04:05.000Z',
      updatedAt: '2024-03-13T15:04:06.000Z',
    };
    expect(toWidgetUser(body.data)).toEqual({
      id: '11111111111',
      names: 'Tester #1111',
      botId: BOT,
      companyId: 135,
      roomId: `G:${BOT}:11111111111`,
      groupRoomId: 'G:135:11111111111',
      createdAt: '2024-03-13T15:04:05.000Z',
      updatedAt: '2024-03-13T15:04:05.000Z',
      room: { ...room, id: `G:${BOT}:11111111111`, kind: 'user' },
      groupRoom: { ...room, id: 'G:135:11111111111', kind: 'group' },
    });
  });

  it("uses referenceId (the caller's id) as the model id, falling back to User.id", () => {
    expect(toWidgetUser(widgetUserData.parse({ User: { id: 'jelou-1', referenceId: 'mine' } })).id).toBe('mine');
    expect(toWidgetUser(widgetUserData.parse({ User: { id: 'jelou-1' } })).id).toBe('jelou-1');
    expect(toWidgetUser(widgetUserData.parse({ User: { id: 'jelou-1', referenceId: '' } })).id).toBe('jelou-1');
    expect(toWidgetUser(widgetUserData.parse({ User: { referenceId: 42 } })).id).toBe('42');
  });

  it('maps a user with every optional field missing to nulls, rooms included', () => {
    expect(toWidgetUser(widgetUserData.parse({ User: { referenceId: 'r' }, Room: null }))).toEqual({
      id: 'r',
      names: null,
      botId: null,
      companyId: null,
      roomId: null,
      groupRoomId: null,
      createdAt: null,
      updatedAt: null,
      room: null,
      groupRoom: null,
    });
  });

  it('refuses a user with neither referenceId nor id, and a room with neither id nor _id', () => {
    expect(wireUser.safeParse({ names: 'x' }).success).toBe(false);
    expect(wireUser.safeParse({ id: '', referenceId: null }).success).toBe(false);
    expect(wireRoom.safeParse({ name: 'x' }).success).toBe(false);
    expect(widgetUserResponse.safeParse({ ...documentedBody, data: {} }).success).toBe(false);
  });

  it('refuses a body whose status is not 1', () => {
    expect(widgetUserResponse.safeParse({ ...documentedBody, status: 0 }).success).toBe(false);
    expect(widgetUserResponse.safeParse({ ...documentedBody, status: '1' }).success).toBe(true);
  });

  it('reads companyId sent as a digit string, and refuses non-integers as null', () => {
    expect(toWidgetUser(widgetUserData.parse({ User: { referenceId: 'r', companyId: '135' } })).companyId).toBe(135);
    expect([135, '135', ' 7 ', '', 'acme', 1.5, null, undefined].map(toInteger)).toEqual([135, 135, 7, null, null, null, null, null]);
  });

  it('falls back to the database _id of a room without an id', () => {
    expect(toRoom(wireRoom.parse({ _id: '65f1c0ffee0123456789abcd' })).id).toBe('65f1c0ffee0123456789abcd');
  });

  it('keeps string member ids, taking id or _id from member objects and dropping the rest', () => {
    const room = wireRoom.parse({ id: 'G:b:r', members: ['u1', { id: 'u2' }, { _id: 'u3' }, { id: 7 }, 8, null, '', { name: 'x' }] });
    expect(toRoom(room).memberIds).toEqual(['u1', 'u2', 'u3']);
    expect(memberId({ id: '', _id: 'db' })).toBe('db');
  });

  it('keeps string tags only and reads deleted sent as a string', () => {
    const room = toRoom(wireRoom.parse({ id: 'G:b:r', tags: ['vip', { name: 'x' }, 3], deleted: 'true' }));
    expect(room.tags).toEqual(['vip']);
    expect(room.deleted).toBe(true);
    expect(toRoom(wireRoom.parse({ id: 'G:b:r', deleted: 'maybe' })).deleted).toBeNull();
  });

  it.each([
    ['2024-03-13T15:04:05.000Z', '2024-03-13T15:04:05.000Z'],
    ['2024-03-13T15:04:05Z', '2024-03-13T15:04:05.000Z'],
    ['2024-03-13T10:04:05-05:00', '2024-03-13T15:04:05.000Z'],
    ['2024-03-13T17:04:05+0200', '2024-03-13T15:04:05.000Z'],
    ['2024-03-13 15:04:05', '2024-03-13T15:04:05.000Z'],
    ['2024-03-13T15:04:05.123456Z', '2024-03-13T15:04:05.123Z'],
    ['2024-03-13', '2024-03-13T00:00:00.000Z'],
    [1710342245000, '2024-03-13T15:04:05.000Z'],
    [1710342245, '2024-03-13T15:04:05.000Z'],
    ['1710342245000', '2024-03-13T15:04:05.000Z'],
    [{ $date: '2024-03-13T15:04:05.000Z' }, '2024-03-13T15:04:05.000Z'],
    [{ $date: 1710342245000 }, '2024-03-13T15:04:05.000Z'],
  ])('normalises the timestamp %j to %s', (value, expected) => {
    expect(toTimestamp(value)).toBe(expected);
  });

  it.each([
    ['13/03/2024 15:04'],
    ['Wed Mar 13 2024'],
    ['2024-13-45T99:00:00Z'],
    ['yesterday'],
    [''],
    [-1],
    [Number.NaN],
    [true],
    [{}],
    [null],
    [undefined],
  ])('reads the unknown timestamp %j as null', (value) => {
    expect(toTimestamp(value)).toBeNull();
  });

  it('maps unreadable room timestamps to null without refusing the room', () => {
    const room = toRoom(wireRoom.parse({ id: 'G:b:r', createdAt: 'soon', updatedAt: { when: 1 }, lastMessageAt: null }));
    expect([room.createdAt, room.updatedAt, room.lastMessageAt]).toEqual([null, null, null]);
  });
});
