import { Deadline } from '../../src/deadline';
import type { CallScope } from '../../src/upstream/call-scope';

/** What a request gives an upstream call: here only a deadline `ms` from now (no tracing). */
export function within(ms: number): CallScope {
  return { deadline: Deadline.after(ms) };
}
