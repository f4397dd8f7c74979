import { toAgent, toChatLimit, toLivechatStatus, toStatus, toWireType } from '../../src/platforms/rocketchat/mapping';
import { wireUser } from '../../src/platforms/rocketchat/wire';

describe('Rocket.Chat wire→model mapping', () => {
  it('maps a full list item', () => {
    const wire = wireUser.parse({
      _id: 'rbAXPnMktTFbNpwtJ',
      username: 'john.doe',
      status: 'busy',
      statusLivechat: 'available',
      name: 'John Doe',
      emails: [{ address: 'john.doe@gmail.com', verified: true }],
      livechat: { maxNumberSimultaneousChat: 4 },
      departments: ['64181a0728384134ed600dcc'],
    });
    expect(toAgent(wire)).toEqual({
      id: 'rbAXPnMktTFbNpwtJ',
      username: 'john.doe',
      name: 'John Doe',
      status: 'BUSY',
      livechatStatus: 'AVAILABLE',
      emails: [{ address: 'john.doe@gmail.com', verified: true }],
      maxSimultaneousChats: 4,
      departmentIds: ['64181a0728384134ed600dcc'],
    });
  });

  it('maps the nulls of a list item and the omissions of a single lookup alike', () => {
    const fromList = wireUser.parse({
      _id: 'a',
      username: null,
      name: null,
      status: null,
      statusLivechat: null,
      emails: null,
      livechat: null,
      departments: [],
    });
    const fromLookup = wireUser.parse({ _id: 'a' });
    const empty = { id: 'a', username: null, name: null, status: null, livechatStatus: null, emails: [], maxSimultaneousChats: null };
    expect(toAgent(fromList)).toEqual({ ...empty, departmentIds: [] });
    expect(toAgent(fromLookup)).toEqual({ ...empty, departmentIds: null });
  });

  it("reads the string 'true' of the documented lookup example as verified", () => {
    const wire = wireUser.parse({ _id: 'a', emails: [{ address: 'x@y.z', verified: 'true' }, { address: 'q@y.z', verified: 'false' }] });
    expect(toAgent(wire).emails).toEqual([
      { address: 'x@y.z', verified: true },
      { address: 'q@y.z', verified: false },
    ]);
  });

  it.each([
    [5, 5],
    ['3', 3],
    [' 7 ', 7],
    ['', null],
    [0, null],
    ['0', null],
    [-2, null],
    ['many', null],
    [2.5, null],
    [null, null],
    [undefined, null],
  ])('reads the chat limit %j as %j', (limit, expected) => {
    expect(toChatLimit(limit)).toBe(expected);
  });

  it('maps presence and Livechat status, unknown values to null', () => {
    expect(['online', 'away', 'busy', 'offline', 'invisible', '', null].map(toStatus)).toEqual([
      'ONLINE',
      'AWAY',
      'BUSY',
      'OFFLINE',
      null,
      null,
      null,
    ]);
    expect(['available', 'not-available', 'maybe', undefined].map(toLivechatStatus)).toEqual(['AVAILABLE', 'NOT_AVAILABLE', null, null]);
  });

  it('names the path type of each role', () => {
    expect(toWireType('AGENT')).toBe('agent');
    expect(toWireType('MANAGER')).toBe('manager');
  });

  it('refuses items without an id', () => {
    expect(wireUser.safeParse({ username: 'x' }).success).toBe(false);
    expect(wireUser.safeParse({ _id: '' }).success).toBe(false);
  });
});
