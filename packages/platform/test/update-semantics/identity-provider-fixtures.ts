// Update-semantics fixtures of the admin REST API's identity providers, one per provider type.
import { type Fixture, type Harness, ok, type Subject } from "./harness";

async function identityProvider(h: Harness, body: Record<string, unknown>): Promise<Subject> {
  const id = ok(await h.call("admin", "POST", "/identity-providers", body), 201).id;
  return {
    params: { id },
    read: async () => ({
      ...ok(await h.call("admin", "GET", `/identity-providers/${id}`)),
      keytabEnc: (await h.db.identityProvider.findUniqueOrThrow({ where: { id } })).keytabEnc,
    }),
  };
}

const idpCommon = {
  mapping: { username: "email" },
  provisionUsers: true,
  enabled: false,
};
const idpCommonChanges = {
  mapping: { username: "upn" },
  provisionUsers: false,
  enabled: true,
};
const idpImmutable = { type: "NTLM", name: "renamed" };

export const identityProviderFixtures: Record<string, Fixture[]> = {
  "PUT /api/admin/v1/identity-providers/{id}": [
    {
      create: (h) =>
        identityProvider(h, {
          type: "SAML2",
          name: `saml${h.unique()}`,
          entityId: `https://saml${h.unique()}.example`,
          certificates: [h.certificates[0]],
          audience: "https://sp.example",
          clockSkewSeconds: 30,
          allowSha1: true,
          ...idpCommon,
        }),
      changes: {
        entityId: `https://saml-other.example`,
        certificates: (_s: Subject, h: Harness) => [h.certificates[1]],
        audience: "https://other-sp.example",
        clockSkewSeconds: 90,
        allowSha1: false,
        ...idpCommonChanges,
      },
      shows: { entityId: ["issuer"] },
      immutable: idpImmutable,
    },
    {
      create: (h) =>
        identityProvider(h, {
          type: "KERBEROS",
          name: `krb${h.unique()}`,
          realm: `R${h.unique()}.EXAMPLE`,
          servicePrincipal: "HTTP/host.example",
          keytab: Buffer.from("first keytab bytes").toString("base64"),
          ...idpCommon,
        }),
      changes: {
        realm: "OTHER.EXAMPLE",
        servicePrincipal: "HTTP/other.example",
        keytab: Buffer.from("second keytab, secret").toString("base64"),
        ...idpCommonChanges,
      },
      shows: { realm: ["issuer"], servicePrincipal: ["audience"], keytab: ["keytabEnc"] },
      immutable: idpImmutable,
      secrets: ["keytab"],
    },
    {
      create: (h) =>
        identityProvider(h, {
          type: "NTLM",
          name: `ntlm${h.unique()}`,
          domain: `D${h.unique()}`,
          ...idpCommon,
        }),
      changes: { domain: "OTHERDOMAIN", ...idpCommonChanges },
      shows: { domain: ["issuer"] },
      immutable: { type: "OIDC", name: "renamed" },
    },
    {
      create: (h) =>
        identityProvider(h, {
          type: "OIDC",
          name: `oidc${h.unique()}`,
          issuer: `https://oidc${h.unique()}.example`,
          jwksUri: "https://oidc.example/jwks",
          audience: "portico",
          clockSkewSeconds: 30,
          ...idpCommon,
        }),
      changes: {
        issuer: "https://oidc-other.example",
        jwksUri: "https://oidc-other.example/jwks",
        audience: "other",
        clockSkewSeconds: 90,
        ...idpCommonChanges,
      },
      immutable: idpImmutable,
    },
  ],
};
