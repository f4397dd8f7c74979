import { z } from 'zod';

/**
 * What a fault is (see simulators/faults.ts for what each effect does), apart from the machinery that applies
 * it, so that the configuration can validate `GATEWAY_SIMULATOR_FAULTS` without loading a simulator.
 */
export type FaultEffect =
  | { kind: 'latency'; ms: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'drop' }
  | { kind: 'status'; status: number; retryAfterSeconds?: number; body?: unknown }
  | { kind: 'malformed' }
  | { kind: 'truncated' };

export interface FaultSpec {
  /** HTTP method; any when omitted. */
  method?: string;
  /** Prefix of the raw (still percent-encoded) path, without the query; any when omitted. */
  path?: string;
  /** Requests affected; unlimited when omitted. */
  times?: number;
  effect: FaultEffect;
}

const effectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latency'), ms: z.number().int().min(0).max(60_000) }),
  z.strictObject({ kind: z.literal('hang') }),
  z.strictObject({ kind: z.literal('reset') }),
  z.strictObject({ kind: z.literal('drop') }),
  z.strictObject({
    kind: z.literal('status'),
    // 1xx are not final answers, and Node sends no body with 204 or 304: neither can carry a failure.
    status: z
      .number()
      .int()
      .min(200)
      .max(599)
      .refine((status) => status !== 204 && status !== 304, 'must be a status whose answer has a body (not 204 or 304)'),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    body: z.json().optional(),
  }),
  z.strictObject({ kind: z.literal('malformed') }),
  z.strictObject({ kind: z.literal('truncated') }),
]);

/** A fault as accepted by `/__faults` and `FaultInjector.add` (and the configuration). Methods are upper-cased. */
export const faultSpecSchema: z.ZodType<FaultSpec> = z.strictObject({
  method: z
    .string()
    .regex(/^[A-Za-z]{1,16}$/, 'must be an HTTP method')
    .transform((method) => method.toUpperCase())
    .optional(),
  path: z.string().startsWith('/').max(2048).optional(),
  times: z.number().int().min(1).max(1_000_000).optional(),
  effect: effectSchema,
});

