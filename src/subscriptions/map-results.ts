/**
 * Maps a source of events to results, one at a time, in order. Hand-written rather than an async
 * generator because a generator cannot be stopped while it awaits its source: `return()` would wait
 * for the next event, which may never come, and the subscription would outlive its subscriber.
 * Here `return()` reaches the source at once, and a source that fails ends the results with its error.
 */
export function mapResults<S, R>(source: AsyncIterator<S>, map: (item: S) => Promise<R>): AsyncIterableIterator<R> {
  let finished = false;
  const finish = async (): Promise<IteratorResult<R>> => {
    if (!finished) {
      finished = true;
      await source.return?.();
    }
    return { done: true, value: undefined };
  };
  const results: AsyncIterableIterator<R> = {
    async next() {
      if (finished) return { done: true, value: undefined };
      const step = await source.next();
      if (step.done) {
        finished = true;
        return { done: true, value: undefined };
      }
      return { done: false, value: await map(step.value) };
    },
    return: finish,
    async throw(error: unknown) {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return results;
    },
  };
  return results;
}
