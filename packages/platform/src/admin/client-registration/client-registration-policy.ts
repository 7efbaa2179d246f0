// The registration policy's shape at the admin API: zod input, and the view shared by the read
// and the update. The key manager reads the same stored value (`parseRegistrationPolicy`).
import {
  parseRegistrationPolicy,
  REGISTRABLE_AUTH_METHODS,
  REGISTRABLE_GRANT_TYPES,
  REGISTRATION_POLICY_SETTING,
} from "@portico/issuer-admin";
import { z } from "zod";
import type { OperationContext } from "../../context";

export { REGISTRATION_POLICY_SETTING };

const publicJwk = z
  .object({ kty: z.string().min(1) })
  .passthrough()
  .refine((key) => !["d", "p", "q", "k"].some((member) => member in key), {
    message: "must be a public key (no private members)",
  });

const hostPattern = z
  .string()
  .regex(
    /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/,
    "a host name, or *.domain",
  );

/** A partial update: each field sent changes, each omitted stays. */
export const updateClientRegistrationPolicyInput = z
  .object({
    enabled: z.boolean(),
    requireInitialAccessToken: z.boolean(),
    requireSoftwareStatement: z.boolean(),
    softwareStatementJwks: z
      .object({ keys: z.array(publicJwk).min(1).max(20) })
      .strict()
      .nullable(),
    softwareStatementIssuer: z.string().url().max(2048).nullable(),
    grantTypes: z.array(z.enum(REGISTRABLE_GRANT_TYPES)).max(REGISTRABLE_GRANT_TYPES.length),
    tokenEndpointAuthMethods: z.array(z.enum(REGISTRABLE_AUTH_METHODS)).max(REGISTRABLE_AUTH_METHODS.length),
    redirectUriHosts: z.array(hostPattern).max(50),
  })
  .partial()
  .strict();

export type ClientRegistrationPolicyView = ReturnType<typeof parseRegistrationPolicy> & {
  updatedAt: string | null;
};

export async function readClientRegistrationPolicy(
  ctx: OperationContext,
): Promise<ClientRegistrationPolicyView> {
  const row = await ctx.db.platformSetting.findUnique({ where: { key: REGISTRATION_POLICY_SETTING } });
  return { ...parseRegistrationPolicy(row?.value), updatedAt: row ? row.updatedAt.toISOString() : null };
}
