"use client";

import { Alert } from "@portico/ui";
import { useState } from "react";
import type { MappingFields, ProviderInitial, ProviderType } from "./provider-form-value";

/** Enabled, provisioning, role sync and SHA-1: the provider's on/off choices. */
export function ProviderSwitches({
  type,
  initial,
  mapping,
}: {
  type: ProviderType;
  initial: ProviderInitial | undefined;
  mapping: MappingFields;
}) {
  const [allowSha1, setAllowSha1] = useState(initial?.allowSha1 ?? false);
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={initial?.enabled ?? true} /> Enabled
      </label>
      {type !== "NTLM" && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="provisionUsers" defaultChecked={initial?.provisionUsers ?? false} />{" "}
          Provision unknown users (created without a password, with the mapped roles)
        </label>
      )}
      {type === "SAML2" && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="syncRoles" defaultChecked={mapping.syncRoles} /> Re-apply mapped roles
          at every sign-in of users this provider provisioned
        </label>
      )}
      {type === "SAML2" && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="allowSha1"
            checked={allowSha1}
            onChange={(e) => setAllowSha1(e.target.checked)}
          />{" "}
          Allow SHA-1 signatures
        </label>
      )}
      {type === "SAML2" && allowSha1 && (
        <Alert tone="amber">
          SHA-1 signatures can be forged (practical collisions). Allow them only for an identity provider that
          cannot sign with SHA-256, and have it upgraded.
        </Alert>
      )}
      {type === "NTLM" && (
        <p className="text-xs text-slate-500">
          NTLM cannot provision users: a user signs in only once an admin has set their NT hash (below the
          list of providers).
        </p>
      )}
    </div>
  );
}
