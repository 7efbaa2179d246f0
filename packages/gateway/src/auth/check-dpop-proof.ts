// RFC 9449 7: a DPoP-bound access token is only good with a fresh proof of its key for this very
// request. The proof's jti is counted in the throttling counter store (limit 1), so a replay is
// caught across cluster workers and, with REDIS_URL, across gateways.
import type { IncomingMessage } from "node:http";
import { DpopProofError, verifyDpopProof } from "@portico/tokens";
import { type CounterHit, type CounterStore, MemoryCounterStore } from "../throttling/counter-store";
import type { Caller } from "./caller";
import { dpopUnauthorized } from "./dpop-challenge";

/** How old a proof may be; its jti is remembered that long (plus the clock leeway). */
export const DPOP_PROOF_MAX_AGE_SECONDS = 300;
const LEEWAY_SECONDS = 60;

/** Stands in while the shared store (Redis, the cluster primary) cannot be reached: replays are then caught per process. */
const localProofs = new MemoryCounterStore();

async function countProof(counters: CounterStore, hit: CounterHit): Promise<number | undefined> {
  try {
    const counted = counters.hit([hit]);
    return (counted instanceof Promise ? await counted : counted)[0];
  } catch {
    return localProofs.hit([hit])[0];
  }
}

/** The `cnf.jkt` a token is bound to, if any. */
export function boundKeyOf(caller: Caller): string | undefined {
  const cnf = caller.claims.cnf;
  if (!cnf || typeof cnf !== "object") return undefined;
  const jkt = (cnf as Record<string, unknown>).jkt;
  return typeof jkt === "string" ? jkt : undefined;
}

function proofHeader(req: IncomingMessage): string {
  const raw = req.headersDistinct.dpop;
  if (!raw || raw.length === 0)
    throw dpopUnauthorized(
      "invalid_dpop_proof",
      "invalid_dpop_proof",
      "the DPoP header with a proof is missing",
    );
  if (raw.length !== 1 || raw[0]?.includes(","))
    throw dpopUnauthorized("invalid_dpop_proof", "invalid_dpop_proof", "send exactly one DPoP proof");
  return raw[0] as string;
}

export interface DpopCheck {
  req: IncomingMessage;
  caller: Caller;
  /** the access token as presented (for `ath`) */
  token: string;
  method: string;
  /** the public URL the client addressed, without the query */
  url: string;
  now: number;
  counters: CounterStore;
}

/** Verifies the request's proof against the token's `cnf.jkt`; throws a DPoP 401 otherwise. */
export async function checkDpopProof(check: DpopCheck): Promise<void> {
  const jkt = boundKeyOf(check.caller);
  if (!jkt)
    throw dpopUnauthorized(
      "invalid_token",
      "invalid_token",
      "the access token is not DPoP-bound; send it as Bearer",
    );
  let proof: Awaited<ReturnType<typeof verifyDpopProof>>;
  try {
    proof = await verifyDpopProof(proofHeader(check.req), {
      method: check.method,
      url: check.url,
      now: check.now,
      maxAgeSeconds: DPOP_PROOF_MAX_AGE_SECONDS,
      leewaySeconds: LEEWAY_SECONDS,
      accessToken: check.token,
    });
  } catch (error) {
    if (error instanceof DpopProofError)
      throw dpopUnauthorized("invalid_dpop_proof", "invalid_dpop_proof", error.message);
    throw error;
  }
  if (proof.jkt !== jkt)
    throw dpopUnauthorized(
      "invalid_dpop_proof",
      "invalid_dpop_proof",
      "the DPoP proof is signed by another key than the token is bound to",
    );
  const count = await countProof(check.counters, {
    key: `dpop:${proof.jkt}:${proof.jti}`,
    ttlMs: (DPOP_PROOF_MAX_AGE_SECONDS + LEEWAY_SECONDS) * 1000,
    limit: 1,
  });
  if (count !== 1)
    throw dpopUnauthorized("invalid_dpop_proof", "invalid_dpop_proof", "the DPoP proof was already used");
}
