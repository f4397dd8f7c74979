import { ErrorCode, GatewayError } from '../../src/errors';
import { ImiTokenSource } from '../../src/platforms/imi/token';
import { within } from '../support/scope';

/** A minting function whose calls the test resolves by hand. */
function controlledMint() {
  const calls: Array<{ resolve(token: string): void; reject(error: Error): void }> = [];
  const mint = () =>
    new Promise<string>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { mint, calls };
}

const deadline = () => within(1_000);

describe('ImiTokenSource', () => {
  it("mints under its own time limit: a waiter whose deadline passes gives up alone, the others get the token", async () => {
    const { mint, calls } = controlledMint();
    const tokens = ImiTokenSource.minted(mint);
    const hurried = tokens.current(within(20));
    const patient = tokens.current(within(5_000));
    expect(calls).toHaveLength(1);
    await expect(hurried).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_TIMEOUT, provider: 'imi' });
    calls[0]?.resolve('t1');
    expect(await patient).toBe('t1');
  });

  it('lets a request with no time left start a mint that later requests still use', async () => {
    const { mint, calls } = controlledMint();
    const tokens = ImiTokenSource.minted(mint);
    await expect(tokens.current(within(0))).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_TIMEOUT });
    const later = tokens.current(deadline());
    calls[0]?.resolve('t1');
    expect(await later).toBe('t1');
    expect(calls).toHaveLength(1);
  });

  it('mints on first use and reuses the cached token afterwards', async () => {
    let minted = 0;
    const tokens = ImiTokenSource.minted(async () => `token-${++minted}`);
    expect(await tokens.current(deadline())).toBe('token-1');
    expect(await tokens.current(deadline())).toBe('token-1');
    expect(minted).toBe(1);
  });

  it('shares one mint between callers that ask before the first token exists', async () => {
    const { mint, calls } = controlledMint();
    const tokens = ImiTokenSource.minted(mint);
    const asked = Promise.all([tokens.current(deadline()), tokens.current(deadline()), tokens.current(deadline())]);
    expect(calls).toHaveLength(1);
    calls[0]?.resolve('t1');
    expect(await asked).toEqual(['t1', 't1', 't1']);
  });

  it('re-mints once for all concurrent callers that saw the same stale token', async () => {
    const { mint, calls } = controlledMint();
    const tokens = ImiTokenSource.minted(mint);
    const first = tokens.current(deadline());
    calls[0]?.resolve('t1');
    await first;
    const refreshed = Promise.all(Array.from({ length: 5 }, () => tokens.refresh('t1', deadline())));
    expect(calls).toHaveLength(2);
    calls[1]?.resolve('t2');
    expect(await refreshed).toEqual(['t2', 't2', 't2', 't2', 't2']);
    // A caller that was holding the replaced token gets the new one without another mint.
    expect(await tokens.refresh('t1', deadline())).toBe('t2');
    expect(await tokens.current(deadline())).toBe('t2');
    expect(calls).toHaveLength(2);
  });

  it('never hands out a refused token while its replacement is being minted', async () => {
    const { mint, calls } = controlledMint();
    const tokens = ImiTokenSource.minted(mint);
    const first = tokens.current(deadline());
    calls[0]?.resolve('t1');
    await first;
    const refreshing = tokens.refresh('t1', deadline());
    const meanwhile = tokens.current(deadline());
    calls[1]?.resolve('t2');
    expect([await refreshing, await meanwhile]).toEqual(['t2', 't2']);
  });

  it('rejects every waiter when minting fails, and tries again on the next call', async () => {
    const { mint, calls } = controlledMint();
    const tokens = ImiTokenSource.minted(mint);
    const waiters = Promise.allSettled([tokens.current(deadline()), tokens.current(deadline())]);
    const refused = new GatewayError(ErrorCode.UPSTREAM_UNAUTHORIZED, 'refused', { provider: 'imi' });
    calls[0]?.reject(refused);
    expect(await waiters).toEqual([
      { status: 'rejected', reason: refused },
      { status: 'rejected', reason: refused },
    ]);
    const retry = tokens.current(deadline());
    expect(calls).toHaveLength(2);
    calls[1]?.resolve('t2');
    expect(await retry).toBe('t2');
  });

  it('serves a static token and cannot renew it', async () => {
    const tokens = ImiTokenSource.fixed('static-token');
    expect(tokens.canRefresh).toBe(false);
    expect(await tokens.current(deadline())).toBe('static-token');
    await expect(tokens.refresh('static-token', deadline())).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_UNAUTHORIZED });
  });
});
