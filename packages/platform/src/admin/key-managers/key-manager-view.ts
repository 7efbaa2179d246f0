import { KeyManagerType, readJson } from "@portico/db";
import { z } from "zod";

const claimMappings = z.record(z.string(), z.string());

/** A key manager as the admin API and page show it: whether a client secret is stored, never the secret. */
export const keyManagerView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(KeyManagerType),
  issuer: z.string(),
  discoveryUrl: z.string().nullable(),
  jwksUri: z.string().nullable(),
  tokenEndpoint: z.string().nullable(),
  introspectionEndpoint: z.string().nullable(),
  clientId: z.string().nullable(),
  hasClientSecret: z.boolean(),
  enabled: z.boolean(),
  claimMappings,
});
export type KeyManagerView = z.infer<typeof keyManagerView>;

type KeyManagerRow = Omit<KeyManagerView, "hasClientSecret" | "claimMappings"> & {
  clientSecretEnc: string | null;
  claimMappings: unknown;
};

export function toKeyManagerView(k: KeyManagerRow): KeyManagerView {
  return keyManagerView.parse({
    id: k.id,
    name: k.name,
    type: k.type,
    issuer: k.issuer,
    discoveryUrl: k.discoveryUrl,
    jwksUri: k.jwksUri,
    tokenEndpoint: k.tokenEndpoint,
    introspectionEndpoint: k.introspectionEndpoint,
    clientId: k.clientId,
    hasClientSecret: Boolean(k.clientSecretEnc),
    enabled: k.enabled,
    claimMappings: readJson("KeyManager.claimMappings", k.claimMappings, claimMappings),
  });
}
