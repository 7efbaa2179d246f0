import { getSignupSetting, getTokenValidity, listGrantTypes } from "@portico/platform";
import { Alert, Badge, Button, Card, inputClass, PageHeader } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { grantTypeAction, tokenValidityAction } from "./actions";
import { signupSettingAction } from "./signup-actions";

export const dynamic = "force-dynamic";

const validityFields = [
  ["applicationTokenDefault", "Application token: default"],
  ["applicationTokenMax", "Application token: maximum"],
  ["userTokenDefault", "User token: default"],
  ["userTokenMax", "User token: maximum"],
  ["refreshTokenDefault", "Refresh token: default"],
  ["refreshTokenMax", "Refresh token: maximum"],
] as const;

export default async function AdminHome() {
  const ctx = operationContext(await requireRole("admin"));
  const [grants, validity, signup] = await Promise.all([
    listGrantTypes(ctx),
    getTokenValidity(ctx),
    getSignupSetting(ctx),
  ]);
  return (
    <>
      <PageHeader
        title="Grant types"
        description="Which OAuth 2.0 grant types applications may use, platform-wide."
      />
      <ul className="space-y-3">
        {grants.map((g) => (
          <li
            key={g.name}
            className="rounded-xl border border-slate-200 bg-white p-4"
            data-testid={`grant-${g.name}`}
          >
            <div className="flex flex-wrap items-start justify-between gap-4">
              <div className="max-w-2xl min-w-0 flex-1">
                <p className="font-medium">
                  {g.displayName} <span className="ml-2 font-mono text-xs text-slate-500">{g.name}</span>
                </p>
                <p className="mt-1 text-sm text-slate-600">{g.description}</p>
                {g.risk && (
                  <div className="mt-2">
                    <Alert tone="amber">Risk: {g.risk}</Alert>
                  </div>
                )}
              </div>
              {/* fixed widths: the controls stay put when the state, label or message changes */}
              <div className="flex w-60 shrink-0 items-start justify-end gap-3">
                <span className="w-16 pt-2 text-right">
                  {g.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}
                </span>
                <ActionForm
                  action={grantTypeAction}
                  className="flex min-w-0 flex-1 flex-col items-end text-right"
                  confirm={
                    g.enabled
                      ? {
                          title: `Disable ${g.displayName}?`,
                          consequence:
                            "Applications that use it can no longer get tokens with it; tokens already issued stay valid until they expire.",
                          confirmLabel: `Disable ${g.displayName}`,
                        }
                      : g.risk
                        ? {
                            title: `Enable ${g.displayName}?`,
                            consequence: g.risk,
                            confirmLabel: `Enable ${g.displayName}`,
                          }
                        : undefined
                  }
                >
                  <input type="hidden" name="name" value={g.name} />
                  <input type="hidden" name="enabled" value={String(!g.enabled)} />
                  <Button
                    type="submit"
                    tone={g.enabled ? "secondary" : "primary"}
                    className="w-24"
                    aria-label={`${g.enabled ? "Disable" : "Enable"} ${g.displayName}`}
                  >
                    {g.enabled ? "Disable" : "Enable"}
                  </Button>
                </ActionForm>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <div className="mt-10">
        <Card title="Token validity (seconds)">
          <ActionForm
            action={tokenValidityAction}
            className="grid gap-4 sm:grid-cols-2"
            fieldLabels={Object.fromEntries(validityFields)}
          >
            {validityFields.map(([name, label]) => (
              <label key={name} className="text-sm">
                <span className="block font-medium text-slate-700">{label}</span>
                <input
                  name={name}
                  type="number"
                  min={1}
                  className={`${inputClass} mt-1`}
                  defaultValue={String(validity[name as keyof typeof validity])}
                />
              </label>
            ))}
            <div className="sm:col-span-2">
              <Button type="submit">Save token validity</Button>
            </div>
          </ActionForm>
        </Card>
      </div>
      <div className="mt-10" data-testid="signup-setting">
        <Card title="Developer self sign-up">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <p className="max-w-2xl text-sm text-slate-600">
              When enabled, the key manager's sign-in page offers "Create an account": anyone can register and
              gets the developer role only (they can subscribe applications, not publish or administer).
            </p>
            <div className="flex items-center gap-3">
              {signup.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}
              <ActionForm action={signupSettingAction}>
                <input type="hidden" name="enabled" value={String(!signup.enabled)} />
                <Button
                  type="submit"
                  tone={signup.enabled ? "secondary" : "primary"}
                  aria-label={`${signup.enabled ? "Disable" : "Enable"} developer self sign-up`}
                >
                  {signup.enabled ? "Disable" : "Enable"}
                </Button>
              </ActionForm>
            </div>
          </div>
        </Card>
      </div>
    </>
  );
}
