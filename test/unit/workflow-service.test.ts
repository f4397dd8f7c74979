import type { GatewayStore } from '../../src/store/index';
import { WorkflowService } from '../../src/workflows/service';
import type { StepOutcome } from '../../src/workflows/runner';
import { ErrorCode, GatewayError } from '../../src/errors';
import { capturingLogger } from '../support/logger';
import { openTestStore } from '../support/store';

// The workflow service over the real embedded store (PGlite in memory, a fresh one per test): idempotency, replays, concurrent
// calls with one key, the step record, and what a restarted replica makes of a crashed one's workflow.

const STEPS = [
  { platform: 'rocketchat' as const, action: 'FIRST' },
  { platform: 'imi' as const, action: 'SECOND' },
];

describe('WorkflowService', () => {
  let store: GatewayStore;
  beforeEach(async () => {
    store = await openTestStore(capturingLogger().logger);
  });
  afterEach(() => store.close());

  const service = (options: Partial<ConstructorParameters<typeof WorkflowService>[0]> = {}) =>
    new WorkflowService({ store: store.workflows, logger: capturingLogger().logger, waitPollMs: 5, ...options });
  const request = (key: string, input: unknown = { who: 'ana' }, secrets: string[] = ['pw-1']) => ({
    kind: 'ONBOARD' as const,
    idempotencyKey: key,
    input,
    secrets,
    steps: STEPS,
  });

  it('records each step before and after it runs, and replays the finished workflow without running it again', async () => {
    const workflows = service();
    let runs = 0;
    const seenWhileRunning: string[] = [];
    const body = async (run: Parameters<Parameters<WorkflowService['execute']>[2]>[0]) => {
      runs += 1;
      await run.step(0, async (): Promise<StepOutcome> => {
        const during = await store.workflows.get('t1', run.workflow.id);
        seenWhileRunning.push(`${during?.steps[0]?.status}/${during?.steps[1]?.status}`);
        return { status: 'DONE', data: { userId: 'u-1' } };
      });
      await run.step(1, async () => {
        throw new GatewayError(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN, 'IMI did not answer.', { provider: 'imi' });
      });
      return { end: { status: 'UNKNOWN' as const, personId: null }, result: { personId: null, userErrors: [] } };
    };
    const first = await workflows.execute('t1', request('k1'), body, 1_000);
    expect(first.kind).toBe('ran');
    expect(seenWhileRunning).toEqual(['RUNNING/NOT_RUN']);
    const recorded = first.kind === 'ran' ? first.workflow : undefined;
    expect(recorded?.status).toBe('UNKNOWN');
    expect(recorded?.steps.map((step) => [step.action, step.status, step.code])).toEqual([
      ['FIRST', 'DONE', null],
      ['SECOND', 'UNKNOWN', 'UPSTREAM_OUTCOME_UNKNOWN'],
    ]);
    expect(recorded?.steps[0]?.data).toEqual({ userId: 'u-1' });

    const again = await workflows.execute('t1', request('k1'), body, 1_000);
    expect(again).toMatchObject({ kind: 'replayed', workflow: { id: recorded?.id, status: 'UNKNOWN' } });
    expect(runs).toBe(1);
  });

  it('refuses the key with another input or another secret, and keeps tenants apart', async () => {
    const workflows = service();
    const body = async () => ({ end: { status: 'SUCCEEDED' as const, personId: null }, result: { personId: null, userErrors: [] } });
    await workflows.execute('t1', request('k2'), body, 1_000);
    expect((await workflows.execute('t1', request('k2', { who: 'bruno' }), body, 1_000)).kind).toBe('reused');
    expect((await workflows.execute('t1', request('k2', { who: 'ana' }, ['pw-2']), body, 1_000)).kind).toBe('reused');
    // The same key in another tenant is another workflow.
    expect((await workflows.execute('t2', request('k2'), body, 1_000)).kind).toBe('ran');
  });

  it('runs once for concurrent calls with one key; the others wait and replay', async () => {
    const workflows = service();
    let runs = 0;
    const body = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { end: { status: 'SUCCEEDED' as const, personId: null }, result: { personId: null, userErrors: [] } };
    };
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => workflows.execute('t1', request('k3'), body, 2_000)));
    expect(runs).toBe(1);
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['ran', 'replayed', 'replayed', 'replayed']);
    const ids = new Set(outcomes.map((outcome) => ('workflow' in outcome ? outcome.workflow.id : '')));
    expect(ids.size).toBe(1);
  });

  it('says a workflow is still in progress when it does not finish within the wait', async () => {
    const workflows = service();
    let release: () => void = () => undefined;
    const body = () =>
      new Promise<{ end: { status: 'SUCCEEDED'; personId: null }; result: Record<string, unknown> }>((resolve) => {
        release = () => resolve({ end: { status: 'SUCCEEDED', personId: null }, result: {} });
      });
    const running = workflows.execute('t1', request('k4'), body, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waiting = await workflows.execute('t1', request('k4'), body, 30);
    expect(waiting).toMatchObject({ kind: 'in-progress', workflow: { status: 'RUNNING' } });
    release();
    expect((await running).kind).toBe('ran');
  });

  it("marks a crashed replica's workflow INTERRUPTED at the next start, the step it was in UNKNOWN", async () => {
    let now = new Date('2026-12-06T10:00:00Z');
    const crashed = service({ now: () => now });
    await crashed.start();
    crashed.close();
    // It starts a workflow, records step 0 as running, and dies before the answer.
    const begun = await store.workflows.begin('t1', { kind: 'ONBOARD', idempotencyKey: 'k5', fingerprint: 'f', secretCheck: null, steps: STEPS }, crashed.owner, now);
    if (begun.kind !== 'started') throw new Error('expected a new workflow');
    await store.workflows.stepStarted(begun.workflow.id, 0, now);

    now = new Date('2026-12-06T10:05:00Z');
    const restarted = service({ now: () => now, staleAfterMs: 60_000 });
    await restarted.start();
    restarted.close();
    const after = await store.workflows.get('t1', begun.workflow.id);
    expect(after?.status).toBe('INTERRUPTED');
    expect(after?.steps.map((step) => step.status)).toEqual(['UNKNOWN', 'NOT_RUN']);
  });

  it('leaves the workflows of a replica that still beats alone', async () => {
    let now = new Date('2026-12-06T10:00:00Z');
    const alive = service({ now: () => now });
    await alive.start();
    const begun = await store.workflows.begin('t1', { kind: 'ONBOARD', idempotencyKey: 'k6', fingerprint: 'f', secretCheck: null, steps: STEPS }, alive.owner, now);
    now = new Date('2026-12-06T10:00:30Z');
    await store.workflows.heartbeat(alive.owner, now);
    const other = service({ now: () => now, staleAfterMs: 60_000 });
    await other.start();
    other.close();
    alive.close();
    expect((await store.workflows.get('t1', begun.workflow.id))?.status).toBe('RUNNING');
  });
});
