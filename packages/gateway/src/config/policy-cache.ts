import { createPdp, type Pdp } from "@portico/policy";
import type { AttachedPolicy } from "./snapshot";

/** Compiled XACML policies survive reloads: recompiling only what changed keeps reloads cheap. */
export class PolicyCache {
  private readonly compiled = new Map<string, Pdp>();

  get(key: string, text: string): Pdp {
    let pdp = this.compiled.get(key);
    if (!pdp) {
      pdp = createPdp([{ text, name: key }]);
      this.compiled.set(key, pdp);
    }
    return pdp;
  }
}

interface XacmlAttachmentRow {
  resourceId: string | null;
  onNotApplicable: string;
  policy: {
    id: string;
    name: string;
    enabled: boolean;
    currentVersion: number;
    versions: Array<{ version: number; content: string }>;
  };
}

/**
 * The XACML policies attached to the API (`resourceId` null) or to one resource. A policy that
 * does not compile denies everything (fail closed) rather than letting calls through unchecked.
 */
export function attachedXacmlPolicies(
  rows: readonly XacmlAttachmentRow[],
  resourceId: string | null,
  policies: PolicyCache,
): AttachedPolicy[] {
  return rows
    .filter((a) => a.resourceId === resourceId && a.policy.enabled)
    .map((a) => {
      const version =
        a.policy.versions.find((v) => v.version === a.policy.currentVersion) ?? a.policy.versions.at(-1);
      const onNotApplicable = a.onNotApplicable === "permit" ? "permit" : "deny";
      if (!version) return { policyName: a.policy.name, pdp: denyingPdp(), onNotApplicable: "deny" as const };
      try {
        return {
          policyName: a.policy.name,
          pdp: policies.get(`${a.policy.id}@${version.version}`, version.content),
          onNotApplicable,
        };
      } catch {
        return { policyName: a.policy.name, pdp: denyingPdp(), onNotApplicable: "deny" as const };
      }
    });
}

/** Stands in for a policy that cannot be read: every decision is Deny. */
function denyingPdp(): Pdp {
  const result = {
    decision: "Deny" as const,
    status: { code: "urn:oasis:names:tc:xacml:1.0:status:processing-error" },
    obligations: [],
    advice: [],
  };
  return {
    root: { kind: "Policy", id: "unreadable", version: "1.0" },
    evaluate: (() => {
      throw new Error("unreadable policy");
    }) as Pdp["evaluate"],
    decide: () => result,
    decideRequest: () => result,
  };
}
