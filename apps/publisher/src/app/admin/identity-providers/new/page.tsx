import { Card, PageHeader } from "@portico/ui";
import { requireRole } from "@/server/auth";
import { IdentityProviderForm, type ProviderType } from "../_parts/identity-provider-form";
import { createIdentityProviderAction } from "../actions";

export const dynamic = "force-dynamic";

const titles: Record<ProviderType, string> = {
  SAML2: "Add a SAML 2.0 identity provider",
  KERBEROS: "Add a Kerberos realm",
  NTLM: "Add a Windows (NTLM) domain",
  OIDC: "Add an OpenID issuer (JWT bearer)",
};

export default async function NewIdentityProvider({
  searchParams,
}: {
  searchParams: Promise<{ type?: string }>;
}) {
  await requireRole("admin");
  const requested = (await searchParams).type ?? "SAML2";
  const type: ProviderType = Object.hasOwn(titles, requested) ? (requested as ProviderType) : "SAML2";
  return (
    <>
      <PageHeader title={titles[type]} description="Checked by the server before it is stored." />
      <Card>
        <IdentityProviderForm action={createIdentityProviderAction} type={type} />
      </Card>
    </>
  );
}
