import { type PolicyDefinition, policyDefinitions } from "@portico/api-policies";
import { z } from "zod";

/** A gateway policy as the publisher's editor and the admin catalog show it. */
export interface GatewayPolicyDescription {
  name: string;
  title: string;
  description: string;
  levels: string[];
  /** false for an API's built-in settings (CORS, backend JWT, …), edited in the API's form */
  attachable: boolean;
  /** the configuration with every default filled in, or null when some field must be chosen */
  defaults: unknown;
  /** the configuration's JSON Schema, from the same zod schema the platform validates with */
  jsonSchema: unknown;
}

function describe(p: PolicyDefinition): GatewayPolicyDescription {
  const defaults = p.schema.safeParse({});
  let jsonSchema: unknown = null;
  try {
    jsonSchema = z.toJSONSchema(p.schema, { io: "input", unrepresentable: "any" });
  } catch {
    // a schema with transforms JSON Schema cannot state: the form falls back to the defaults
  }
  return {
    name: p.name,
    title: p.title,
    description: p.description,
    levels: [...p.levels],
    attachable: p.phase !== "setting",
    defaults: defaults.success ? defaults.data : null,
    jsonSchema,
  };
}

/** Every gateway policy Portico knows, in the registry's order; the same for every caller. */
export function describeGatewayPolicies(): GatewayPolicyDescription[] {
  return policyDefinitions.map(describe);
}
