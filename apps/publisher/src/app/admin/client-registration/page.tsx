import { REGISTRABLE_AUTH_METHODS, REGISTRABLE_GRANT_TYPES } from "@portico/issuer-admin";
import { getClientRegistrationPolicy, listInitialAccessTokens } from "@portico/platform";
import { Badge, Button, Card, inputClass, PageHeader, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import {
  clientRegistrationPolicyAction,
  issueInitialAccessTokenAction,
  revokeInitialAccessTokenAction,
} from "./actions";
import { IssueTokenForm } from "./issue-token-form";

export const dynamic = "force-dynamic";

export default async function ClientRegistration() {
  const ctx = operationContext(await requireRole("admin"));
  const [policy, tokens] = await Promise.all([
    getClientRegistrationPolicy(ctx),
    listInitialAccessTokens(ctx),
  ]);
  const check = (name: string, label: string, checked: boolean) => (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" name={name} defaultChecked={checked} />
      {label}
    </label>
  );
  return (
    <>
      <PageHeader
        title="Client registration"
        description="Dynamic client registration (RFC 7591/7592) at the resident key manager: off unless enabled here."
      />
      <Card title="Policy">
        <ActionForm action={clientRegistrationPolicyAction} className="grid gap-4">
          <div className="flex flex-wrap gap-6">
            {check("enabled", "Serve registration", policy.enabled)}
            {check(
              "requireInitialAccessToken",
              "Require an initial access token",
              policy.requireInitialAccessToken,
            )}
            {check(
              "requireSoftwareStatement",
              "Require a software statement",
              policy.requireSoftwareStatement,
            )}
          </div>
          <fieldset className="text-sm">
            <legend className="font-medium">Grant types registered clients may use</legend>
            {REGISTRABLE_GRANT_TYPES.map((g) => (
              <label key={g} className="mr-4 inline-flex items-center gap-1">
                <input
                  type="checkbox"
                  name="grantTypes"
                  value={g}
                  defaultChecked={policy.grantTypes.includes(g)}
                />
                {g}
              </label>
            ))}
          </fieldset>
          <fieldset className="text-sm">
            <legend className="font-medium">Token endpoint authentication methods</legend>
            {REGISTRABLE_AUTH_METHODS.map((m) => (
              <label key={m} className="mr-4 inline-flex items-center gap-1">
                <input
                  type="checkbox"
                  name="tokenEndpointAuthMethods"
                  value={m}
                  defaultChecked={policy.tokenEndpointAuthMethods.includes(m)}
                />
                {m}
              </label>
            ))}
          </fieldset>
          <input
            name="redirectUriHosts"
            aria-label="Redirect URI hosts"
            placeholder="Redirect URI hosts (app.example, *.example; empty: any https host)"
            defaultValue={policy.redirectUriHosts.join(" ")}
            className={inputClass}
          />
          <input
            name="softwareStatementIssuer"
            aria-label="Software statement issuer"
            placeholder="Software statement issuer (iss)"
            defaultValue={policy.softwareStatementIssuer ?? ""}
            className={inputClass}
          />
          <textarea
            name="softwareStatementJwks"
            aria-label="Software statement keys (JWKS)"
            placeholder='{"keys": [...]} public keys that sign software statements'
            defaultValue={policy.softwareStatementJwks ? JSON.stringify(policy.softwareStatementJwks) : ""}
            rows={3}
            className={`${inputClass} font-mono text-xs`}
          />
          <div>
            <Button type="submit">Save</Button>
          </div>
        </ActionForm>
      </Card>
      <Card title="Initial access tokens" className="mt-8">
        <IssueTokenForm action={issueInitialAccessTokenAction} />
        <div className="mt-4">
          <Table head={["Token", "Description", "Expires", "Uses left", "Used", ""]}>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td className="px-4 py-2 font-mono text-xs">…{t.hint}</td>
                <td className="px-4 py-2">{t.description}</td>
                <td className="px-4 py-2">{t.expiresAt}</td>
                <td className="px-4 py-2">{t.remainingUses ?? "any"}</td>
                <td className="px-4 py-2">{t.usedCount}</td>
                <td className="px-4 py-2">
                  {t.revokedAt ? (
                    <Badge>Revoked</Badge>
                  ) : (
                    <ActionForm action={revokeInitialAccessTokenAction}>
                      <input type="hidden" name="id" value={t.id} />
                      <Button type="submit" tone="ghost">
                        Revoke
                      </Button>
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </div>
      </Card>
    </>
  );
}
