import { Slots, SlotsFullError, SlotWaitAbortedError } from '../../src/upstream/slots';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('Slots', () => {
  it('runs at most `max` tasks at once and hands freed slots to waiters in order', async () => {
    const slots = new Slots(1, 5);
    const first = gate();
    const order: string[] = [];
    const signal = new AbortController().signal;
    const a = slots.run(async () => {
      order.push('a');
      await first.opened;
    }, signal);
    const b = slots.run(async () => void order.push('b'), signal);
    const c = slots.run(async () => void order.push('c'), signal);
    expect(slots.usage).toEqual({ inFlight: 1, queued: 2 });
    first.open();
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(slots.usage).toEqual({ inFlight: 0, queued: 0 });
  });

  it('refuses at once when the queue is full', async () => {
    const slots = new Slots(1, 0);
    const first = gate();
    const signal = new AbortController().signal;
    const a = slots.run(() => first.opened, signal);
    await expect(slots.run(async () => 'never', signal)).rejects.toBeInstanceOf(SlotsFullError);
    first.open();
    await a;
  });

  it('drops a waiter whose signal aborts, without losing the wake-up of the one behind it', async () => {
    const slots = new Slots(1, 5);
    const first = gate();
    const never = new AbortController();
    const impatient = new AbortController();
    const a = slots.run(() => first.opened, never.signal);
    const b = slots.run(async () => 'b', impatient.signal);
    const c = slots.run(async () => 'c', never.signal);
    impatient.abort();
    await expect(b).rejects.toBeInstanceOf(SlotWaitAbortedError);
    expect(slots.usage).toEqual({ inFlight: 1, queued: 1 });
    first.open();
    await a;
    await expect(c).resolves.toBe('c');
    expect(slots.usage).toEqual({ inFlight: 0, queued: 0 });
  });

  it('frees the slot when a task fails', async () => {
    const slots = new Slots(1, 0);
    const signal = new AbortController().signal;
    await expect(slots.run(() => Promise.reject(new Error('boom')), signal)).rejects.toThrow('boom');
    await expect(slots.run(async () => 'ok', signal)).resolves.toBe('ok');
  });
});
