import { lookup } from "node:dns/promises";
import { BackendEgressPolicy, type EgressRefusal, loadSettings } from "@portico/settings";
import type { z } from "zod";
import { AppError } from "../errors";
import type { apiEndpoints } from "./api-schemas";

type Endpoints = z.infer<typeof apiEndpoints>;

let policy: BackendEgressPolicy | undefined;

/** PORTICO_BACKEND_ALLOW and the gateway's ports, read once from the settings. */
function egressPolicy(): BackendEgressPolicy {
  if (!policy) {
    const settings = loadSettings();
    policy = new BackendEgressPolicy(settings.PORTICO_BACKEND_ALLOW, [
      settings.PORTICO_GATEWAY_HTTPS_PORT,
      settings.PORTICO_GATEWAY_HTTP_PORT,
    ]);
  }
  return policy;
}

/** Why an address the platform is about to connect to is refused (PORTICO_BACKEND_ALLOW), if it is. */
export function addressRefusal(address: string, port: number): EgressRefusal | undefined {
  return egressPolicy().refusal(address, port);
}

const RESOLVE_TIMEOUT_MS = 2_000;

/** Why the gateway would refuse to call this URL, judged by its host and what the host resolves to now. */
export async function refusalOf(url: string): Promise<EgressRefusal | undefined> {
  const parsed = new URL(url);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === "https:" ? 443 : 80;
  const byName = egressPolicy().refusalOfName(parsed.hostname, port);
  if (byName !== "resolve") return byName;
  // A name that does not resolve now may later: the gateway checks every connection anyway.
  const addresses = await Promise.race([
    lookup(parsed.hostname, { all: true }).catch(() => []),
    new Promise<[]>((resolve) => setTimeout(() => resolve([]), RESOLVE_TIMEOUT_MS).unref()),
  ]);
  // As the gateway does: a name is usable when one of its addresses is allowed.
  let first: EgressRefusal | undefined;
  for (const { address } of addresses) {
    const refusal = egressPolicy().refusal(address, port);
    if (!refusal) return undefined;
    first ??= refusal;
  }
  return first;
}

/**
 * Refuses, with 400 naming the field, endpoints the gateway would not call: loopback, link-local,
 * cloud metadata and the gateway's own listeners, unless PORTICO_BACKEND_ALLOW allows them. The
 * gateway checks again on every connection, after DNS resolution, so a name that later resolves
 * elsewhere gains nothing.
 */
export async function checkEndpointEgress(endpoints: Endpoints | undefined): Promise<void> {
  if (!endpoints) return;
  const named: Array<[string, string]> = [];
  for (const kind of ["production", "sandbox"] as const) {
    const endpoint = endpoints[kind];
    if (endpoint) named.push([`endpoints.${kind}`, endpoint]);
    (endpoints[`${kind}Failovers`] ?? []).forEach((url, i) => {
      named.push([`endpoints.${kind}Failovers.${i}`, url]);
    });
  }
  const refusals = await Promise.all(named.map(([, url]) => refusalOf(url)));
  const fields = named.flatMap(([field, url], i) => {
    const refusal = refusals[i];
    return refusal
      ? [{ field, message: `the gateway does not call ${url}: ${refusal.reason} (PORTICO_BACKEND_ALLOW)` }]
      : [];
  });
  if (fields.length > 0)
    throw new AppError("VALIDATION_FAILED", fields.map((f) => `${f.field}: ${f.message}`).join("; "), {
      fields,
    });
}
