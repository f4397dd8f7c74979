import DataLoader from 'dataloader';
import { badUserInput } from '../errors.js';

export interface LookupLoaderOptions<K, V> {
  /** Most distinct keys one request may look up: platforms without a batch endpoint pay a call each. */
  maxKeys: number;
  /** What is looked up, for the refusal beyond `maxKeys`: "agents" in "at most 200 distinct agents". */
  noun: string;
  cacheKey(key: K): string;
  /** An answer the request already holds (a listed page, say), which costs no call; undefined if none. */
  known?(key: K): V | undefined;
  /** The platform call for one key. */
  fetch(key: K): Promise<V>;
  /**
   * Where the platform can answer several keys with one call: the keys of one tick that `known` did not
   * answer, in one go; one answer (or error) per key, in order. Without it, `fetch` runs once per key.
   */
  fetchMany?(keys: readonly K[]): Promise<Array<V | Error>>;
}

/**
 * Per-request lookups for a platform with no get-many endpoint: each distinct key is one call, made in
 * parallel with the others of the same tick, and asked once however many aliases or fragments want it.
 * A request may look up at most `maxKeys` distinct keys: without a cap one query with thousands of
 * aliases (or `_entities` representations) would fan out into thousands of platform calls.
 * Created per request (inside a platform session) and never shared between requests.
 */
export class LookupLoader<K, V> {
  private readonly loader: DataLoader<K, V, string>;
  private readonly looked = new Set<string>();
  private batchObserver: ((calls: number) => void) | undefined;

  constructor(private readonly options: LookupLoaderOptions<K, V>) {
    this.loader = new DataLoader(
      (keys) => {
        const answers = keys.map((key) => options.known?.(key));
        const missing = keys.filter((_key, index) => answers[index] === undefined);
        const many = options.fetchMany !== undefined && missing.length > 1;
        // `fetchMany` counts as one call (the platform's own misses it may look up singly are not counted).
        if (missing.length > 0) this.batchObserver?.(many ? 1 : missing.length);
        if (many && options.fetchMany) return this.fetchMissing(keys, answers, options.fetchMany(missing));
        // A failed call fails only its own key (DataLoader caches the error for the rest of the request).
        return Promise.all(keys.map((key, index) => answers[index] ?? options.fetch(key).catch(toError)));
      },
      { cacheKeyFn: options.cacheKey },
    );
  }

  /** Fills the keys `known` did not answer from one `fetchMany` (whose failure fails each of them). */
  private async fetchMissing(keys: readonly K[], answers: Array<V | undefined>, fetched: Promise<Array<V | Error>>): Promise<Array<V | Error>> {
    const missingAnswers = await fetched.catch((error: unknown) => keys.map(() => toError(error)));
    let next = 0;
    return keys.map((_key, index) => answers[index] ?? (missingAnswers[next++] as V | Error));
  }

  /** Told the number of platform calls of every batch the loader dispatches (for metrics); one observer. */
  observeBatchSizes(observer: (calls: number) => void): void {
    this.batchObserver = observer;
  }

  load(key: K): Promise<V> {
    const cacheKey = this.options.cacheKey(key);
    if (!this.looked.has(cacheKey)) {
      if (this.looked.size >= this.options.maxKeys) {
        return Promise.reject(badUserInput(`One operation may look up at most ${this.options.maxKeys} distinct ${this.options.noun}.`));
      }
      this.looked.add(cacheKey);
    }
    return this.loader.load(key);
  }

  /** After a write: the next load asks the platform (or `known`) again. */
  clear(key: K): this {
    this.loader.clear(key);
    return this;
  }

  /** After a write that may have changed any key. */
  clearAll(): this {
    this.loader.clearAll();
    return this;
  }

  /** After a write whose answer is the new value. */
  prime(key: K, value: V): this {
    this.loader.prime(key, value);
    return this;
  }
}

/** A rejection reason as an Error (DataLoader caches and rethrows Errors). */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
