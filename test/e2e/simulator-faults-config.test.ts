import { request } from 'undici';
import { loadConfig } from '../../src/config/index';
import { openUpstreams, type Upstreams } from '../../src/upstreams';
import { capturingLogger } from '../support/logger';

describe('GATEWAY_SIMULATOR_FAULTS', () => {
  let upstreams: Upstreams | undefined;
  afterEach(() => upstreams?.close());

  it('starts the embedded simulators with the configured faults, visible on their admin route', async () => {
    const faults = { jelou: [{ path: '/v1/widget/user', times: 2, effect: { kind: 'status', status: 503 } }] };
    const { logger, lines } = capturingLogger();
    upstreams = await openUpstreams(loadConfig({ NODE_ENV: 'test', GATEWAY_SIMULATOR_FAULTS: JSON.stringify(faults) }), logger);
    const jelou = upstreams.tenants.get('default')?.jelou;
    if (!jelou) throw new Error('the default tenant has no Jelou connection');
    const admin = new URL('/__faults', jelou.url);
    const listed = await request(admin);
    expect(listed.statusCode).toBe(200);
    expect(await listed.body.json()).toEqual(faults.jelou);
    const faulted = await request(new URL('/v1/widget/user', jelou.url), { method: 'POST', body: '{}' });
    await faulted.body.dump();
    expect(faulted.statusCode).toBe(503);
    // The start-up log tells a person where the admin route is.
    expect(lines.join('\n')).toContain(`${jelou.url.origin}/__faults`);
  });
});
