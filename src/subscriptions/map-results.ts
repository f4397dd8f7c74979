/**
 * Maps a source of events to results, one at a time, in order. Hand-written rather than an async
 * generator because a generator cannot be stopped while it awaits its source: `return()` would wait
 * for the next event, which may never come, and the subscription would outlive its subscriber.
 * Here `return()` reaches the source at once, and a source that fails ends the results with its error.
 * `onFinish` is told once when the results end, however they end.
 */
export function mapResults<S, R>(source: AsyncIterator<S>, onFinish: () => void, map: (item: S) => Promise<R>): AsyncIterableIterator<R> {
  let finished = false;
  /** Marks the end once, whichever way it comes (the source ends or fails, or the consumer stops). */
  const end = () => {
    if (finished) return false;
    finished = true;
    onFinish();
    return true;
  };
  const finish = async (): Promise<IteratorResult<R>> => {
    if (end()) await source.return?.();
    return { done: true, value: undefined };
  };
  const results: AsyncIterableIterator<R> = {
    async next() {
      if (finished) return { done: true, value: undefined };
      let step: IteratorResult<S>;
      try {
        step = await source.next();
      } catch (error) {
        end();
        throw error;
      }
      if (step.done) {
        end();
        return { done: true, value: undefined };
      }
      try {
        return { done: false, value: await map(step.value) };
      } catch (error) {
        // A result that cannot be made ends the subscription (the transport reports the error).
        await finish();
        throw error;
      }
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
