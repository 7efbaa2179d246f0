import { AppError, getIdentityProvider } from "@portico/platform";
import { Card, PageHeader } from "@portico/ui";
import { notFound } from "next/navigation";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { IdentityProviderForm } from "../_parts/identity-provider-form";
import { updateIdentityProviderAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function EditIdentityProvider({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = operationContext(await requireRole("admin"));
  const provider = await getIdentityProvider(ctx, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <>
      <PageHeader title={provider.name} description={`${provider.type} · ${provider.issuer}`} />
      <Card>
        <IdentityProviderForm
          action={updateIdentityProviderAction.bind(null, provider.id)}
          type={provider.type}
          initial={{
            type: provider.type,
            name: provider.name,
            issuer: provider.issuer,
            certificates: provider.certificates.filter((c): c is string => typeof c === "string"),
            jwksUri: provider.jwksUri,
            audience: provider.audience,
            clockSkewSeconds: provider.clockSkewSeconds,
            mapping: provider.mapping,
            provisionUsers: provider.provisionUsers,
            allowSha1: provider.allowSha1,
            hasKeytab: provider.hasKeytab,
            enabled: provider.enabled,
          }}
        />
      </Card>
    </>
  );
}
