import { seedRocketChat } from '../../src/simulators/rocketchat/seed.js';
import { RawRocketChat, USERS_PATH, idsOf, type ListItem } from './rocketchat-raw.js';
import {
  SIMULATOR_PLAIN_USERNAME,
  TARGET_VERSIONS,
  describeOnSimulator,
  openRocketChatSimulatorTarget,
} from './rocketchat-target.js';

/**
 * What the real server does besides answering (shared/upstreams/rocketchat.md, "Idempotency — and the
 * side effects"), and how its database orders a list. The simulator must do the same, or the gateway's
 * tests could not notice a gateway that relies on kinder behaviour. Simulator only: the checks read and
 * arrange state that the API cannot set (an off-shift agent, a non-agent in a department).
 */

const onePath = (type: string, id: string) => `${USERS_PATH}/${type}/${encodeURIComponent(id)}`;
const SAME_NAME = 'Same Name';
const TIED = 12;

describeOnSimulator('Rocket.Chat side effects and ordering', 'arranges state the API cannot set', () => {
  describe.each(TARGET_VERSIONS)('%s', (version) => {
    let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
    let api: RawRocketChat;

    beforeEach(async () => {
      const data = seedRocketChat();
      for (let i = 0; i < TIED; i += 1) {
        data.users.push({ _id: `Tied${String(i).padStart(13, '0')}`, username: `tied.${i}`, name: SAME_NAME, status: 'online', statusLivechat: 'available', roles: ['user', 'livechat-agent'] });
      }
      target = await openRocketChatSimulatorTarget({ version, data });
      api = new RawRocketChat(target);
    });
    afterEach(async () => {
      await api?.close();
      await target?.close();
    });

    const userNamed = (username: string) => {
      const user = target.simulator.state.userByUsername(username);
      if (!user) throw new Error(`no ${username} in the seed`);
      return user;
    };
    const departmentOf = (index: number) => (target.simulator.state.departments[index] as { _id: string })._id;
    const lookup = async (type: 'agent' | 'manager', id: string) =>
      (await api.call<{ user: Record<string, unknown> | null }>('GET', onePath(type, id))).body.user;

    it('runs the "agent added" step on every POST: an off-shift agent registered again is available again', async () => {
      const agent = (await api.list('agent', { onlyAvailable: 'true', count: '1' })).users[0] as ListItem;
      userNamed(agent.username as string).statusLivechat = 'not-available';
      expect(await lookup('agent', agent._id)).toMatchObject({ statusLivechat: 'not-available' });

      const again = await api.call('POST', `${USERS_PATH}/agent`, { json: { username: agent.username } });
      expect(again.body).toEqual({ user: { _id: agent._id, username: agent.username }, success: true });
      expect(await lookup('agent', agent._id)).toMatchObject({ statusLivechat: 'available' });
    });

    it('leaves the Livechat status alone when a manager is registered', async () => {
      const user = userNamed(SIMULATOR_PLAIN_USERNAME);
      await api.call('POST', `${USERS_PATH}/manager`, { json: { username: user.username } });
      expect(await lookup('manager', user._id)).not.toHaveProperty('statusLivechat');
    });

    it('drops departments and unsets the chat limit and Livechat status when the agent role is removed', async () => {
      const agent = (await api.listAll('agent')).find((item) => item.departments.length > 0 && item.livechat !== null) as ListItem;
      expect(agent).toBeDefined();
      const removed = await api.call('DELETE', onePath('agent', agent._id));
      expect(removed.body).toEqual({ success: true });
      const user = userNamed(agent.username as string);
      expect(user).not.toHaveProperty('livechat');
      expect(user).not.toHaveProperty('statusLivechat');
      expect(target.simulator.state.departmentIdsOf(agent._id)).toEqual([]);

      // Registered again, the agent starts from nothing: no departments, no limit, available.
      await api.call('POST', `${USERS_PATH}/agent`, { json: { username: agent.username } });
      const relisted = (await api.list('agent', { text: agent.username as string })).users.find((item) => item._id === agent._id);
      expect(relisted).toMatchObject({ departments: [], livechat: null, statusLivechat: 'available' });
    });

    it('runs the "agent removed" step for a user who does not hold the agent role too', async () => {
      const user = userNamed(SIMULATOR_PLAIN_USERNAME);
      user.livechat = { maxNumberSimultaneousChat: 4 };
      user.statusLivechat = 'not-available';
      target.simulator.state.addToDepartment(departmentOf(0), user._id);

      const removed = await api.call('DELETE', onePath('agent', user._id));
      expect({ status: removed.status, body: removed.body }).toEqual({ status: 200, body: { success: true } });
      expect(user).not.toHaveProperty('livechat');
      expect(user).not.toHaveProperty('statusLivechat');
      expect(target.simulator.state.departmentIdsOf(user._id)).toEqual([]);
    });

    it('keeps departments and agent settings when only the manager role is removed', async () => {
      const user = userNamed('marta.quiroga');
      const departments = target.simulator.state.departmentIdsOf(user._id);
      const removed = await api.call('DELETE', onePath('manager', user._id));
      expect(removed.body).toEqual({ success: true });
      expect(user.livechat).toEqual({ maxNumberSimultaneousChat: 8 });
      expect(user.statusLivechat).toBe('available');
      expect(target.simulator.state.departmentIdsOf(user._id)).toEqual(departments);
    });

    it('compares names byte by byte, as the database does: "Úrsula" after "Zacarías"', async () => {
      const names = (await api.list('agent', { count: '100' })).users.map((user) => user.name);
      const present = names.filter((name): name is string => name !== null);
      // Missing names first, then byte order.
      expect(names.slice(0, names.length - present.length).every((name) => name === null)).toBe(true);
      expect(present).toEqual([...present].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      const first = (prefix: string) => present.findIndex((name) => name.startsWith(prefix));
      expect(first('Úrsula')).toBeGreaterThan(first('Zacarías'));
    });

    it('returns users tied on every sort key in no fixed order; name then _id is stable', async () => {
      const orders = new Set<string>();
      const stable = new Set<string>();
      for (let call = 0; call < 8; call += 1) {
        orders.add(idsOf((await api.list('agent', { text: SAME_NAME })).users).join());
        stable.add(idsOf((await api.list('agent', { text: SAME_NAME, sort: '{"name":1,"_id":1}' })).users).join());
      }
      // 12 tied users shuffled 8 times: the chance of a single order is (1/12!)^7.
      expect(orders.size).toBeGreaterThan(1);
      expect([...stable]).toEqual([Array.from({ length: TIED }, (_, i) => `Tied${String(i).padStart(13, '0')}`).join()]);
    });

    it('reads count leniently (1.5 is 1) and fails the query for count=0', async () => {
      expect((await api.list('agent', { count: '1.5' })).users).toHaveLength(1);
      const zero = await api.call('GET', `${USERS_PATH}/agent?count=0`);
      expect({ status: zero.status, body: zero.body }).toEqual({ status: 500, body: { success: false, error: 'Internal server error' } });
    });
  });
});
