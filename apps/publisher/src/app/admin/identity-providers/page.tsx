import { listFederatedIdentities, listIdentityProviders, listUsers } from "@portico/platform";
import { Badge, Button, Card, Field, inputClass, LinkButton, PageHeader, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { EnableRemoveControls } from "@/components/enable-remove-controls";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { NtHashForm } from "./_parts/nt-hash-form";
import { UserPicker } from "./_parts/user-picker";
import {
  identityProviderStateAction,
  linkIdentityAction,
  setNtHashAction,
  unlinkIdentityAction,
} from "./actions";

export const dynamic = "force-dynamic";

const typeLabel = {
  SAML2: "SAML 2.0",
  KERBEROS: "Kerberos",
  NTLM: "NTLM",
  OIDC: "OpenID (JWT bearer)",
} as const;
const issuerLabel = { SAML2: "entity id", KERBEROS: "realm", NTLM: "domain", OIDC: "issuer" } as const;

export default async function IdentityProviders() {
  const ctx = operationContext(await requireRole("admin"));
  const [providers, users] = await Promise.all([listIdentityProviders(ctx), listUsers(ctx)]);
  const identities = (
    await Promise.all(
      providers.map(async (p) =>
        (await listFederatedIdentities(ctx, p.id)).map((identity) => ({ ...identity, provider: p })),
      ),
    )
  ).flat();
  return (
    <>
      <PageHeader
        title="Identity providers"
        description="Trusted SAML 2.0 identity providers, Kerberos realms, Windows (NTLM) domains and OpenID issuers whose proofs the key manager exchanges for access tokens. Each grant type is also switched on under Grant types."
      />
      <div className="mb-4 flex flex-wrap gap-2">
        {(Object.keys(typeLabel) as Array<keyof typeof typeLabel>).map((type) => (
          <LinkButton key={type} tone="secondary" href={`/admin/identity-providers/new?type=${type}`}>
            Add {typeLabel[type]}
          </LinkButton>
        ))}
      </div>
      {providers.length === 0 ? (
        <p className="text-sm text-slate-500">
          No trusted identity provider yet: the enterprise grants stay off.
        </p>
      ) : (
        <Table head={["Type", "Name", "Issuer / entity id / realm / domain", "State", "Provisioning", ""]}>
          {providers.map((p) => (
            <tr key={p.id} data-testid={`idp-${p.name}`}>
              <td className="px-4 py-2">{typeLabel[p.type]}</td>
              <td className="px-4 py-2 font-medium">
                <a className="text-brand-600 hover:underline" href={`/admin/identity-providers/${p.id}`}>
                  {p.name}
                </a>
              </td>
              <td className="px-4 py-2">
                <span className="font-mono text-xs">{p.issuer}</span>
                <span className="block text-xs text-slate-500">
                  {issuerLabel[p.type]}
                  {p.type === "SAML2" && ` · ${p.certificates.length} certificate(s)`}
                  {p.type === "SAML2" && p.allowSha1 && " · SHA-1 allowed"}
                  {p.type === "KERBEROS" && (p.hasKeytab ? " · a keytab is stored" : " · no keytab")}
                </span>
              </td>
              <td className="px-4 py-2">
                {p.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}
              </td>
              <td className="px-4 py-2">
                {p.provisionUsers ? "Creates accounts for new identities" : "Linked identities only"}
              </td>
              <td className="px-4 py-2">
                <EnableRemoveControls
                  action={identityProviderStateAction}
                  id={p.id}
                  name={p.name}
                  enabled={p.enabled}
                  removeLabel="Delete"
                  consequence="Nobody can sign in through it any more, and the identities linked to it are removed."
                />
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Card title="Linked identities" className="mt-8">
        <p className="mb-4 text-sm text-slate-600">
          A provider's users act as Portico users only once linked here (or when the provider created the
          account itself). A provider asserting a name is never matched to the local account of that name;
          identities that tried to sign in unlinked are listed so you can link them.
        </p>
        {identities.length > 0 && (
          <Table head={["Provider", "Subject", "Portico user", "Last seen", ""]}>
            {identities.map((i) => (
              <tr key={i.id} data-testid={`identity-${i.provider.name}-${i.subject}`}>
                <td className="px-4 py-2">{i.provider.name}</td>
                <td className="px-4 py-2 font-mono text-xs">{i.subject}</td>
                <td className="px-4 py-2">{i.user ? i.user.username : <Badge>Not linked</Badge>}</td>
                <td className="px-4 py-2 text-xs text-slate-500">{i.lastSeenAt ?? "never"}</td>
                <td className="px-4 py-2">
                  <ActionForm action={unlinkIdentityAction}>
                    <input type="hidden" name="providerId" value={i.provider.id} />
                    <input type="hidden" name="identityId" value={i.id} />
                    <Button type="submit" tone="ghost">
                      {i.user ? "Unlink" : "Forget"}
                    </Button>
                  </ActionForm>
                </td>
              </tr>
            ))}
          </Table>
        )}
        <ActionForm action={linkIdentityAction} className="mt-4 grid gap-4 sm:grid-cols-4">
          <Field label="Provider" name="link-provider">
            <select id="link-provider" name="providerId" className={inputClass} required>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Subject" name="link-subject">
            <input id="link-subject" name="subject" className={inputClass} required autoComplete="off" />
          </Field>
          <UserPicker label="Portico user" id="link-user" name="userId" users={users} />
          <div className="self-end">
            <Button type="submit" disabled={providers.length === 0}>
              Link
            </Button>
          </div>
        </ActionForm>
      </Card>
      <Card title="Set a user's NT hash" className="mt-8">
        <p className="mb-4 text-sm text-slate-600">
          The NTLM grant checks a Windows sign-in against the user's NT hash, kept encrypted. Enter the user's
          Windows password (it is hashed and not kept) or import the hash from your directory. It is never
          shown again.
        </p>
        <NtHashForm
          action={setNtHashAction}
          users={users.filter((u) => !u.disabled).map((u) => ({ id: u.id, username: u.username }))}
        />
      </Card>
    </>
  );
}
