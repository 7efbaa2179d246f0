import { z } from "zod";

export const circuitBreakerSchema = z
  .object({
    /** this many failed calls (a 5xx answer, a timeout, an unreachable backend) within `windowSeconds` open the circuit */
    failureThreshold: z.number().int().min(1).max(1_000).default(5),
    windowSeconds: z.number().int().min(1).max(3_600).default(30),
    /** how long an open circuit refuses calls before it lets probes through */
    openSeconds: z.number().int().min(1).max(3_600).default(30),
    /** how many calls at once may probe a recovering backend (half-open); the rest are refused */
    halfOpenProbes: z.number().int().min(1).max(100).default(1),
  })
  .strict();
export type CircuitBreakerConfig = z.output<typeof circuitBreakerSchema>;
