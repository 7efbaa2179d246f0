import { Button, Card, inputClass } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { addKeyManagerByIssuerAction } from "./actions";

/** Adds an external key manager by its issuer URL: discovery fills in its endpoints and keys. */
export function AddByIssuerCard() {
  return (
    <Card title="Add an external key manager by issuer URL" className="mt-8">
      <ActionForm action={addKeyManagerByIssuerAction} className="grid gap-4 sm:grid-cols-2">
        <input name="name" aria-label="Key manager name" placeholder="Name" className={inputClass} required />
        <input
          name="issuer"
          aria-label="Issuer URL"
          placeholder="https://idp.example/realms/main"
          className={inputClass}
          required
        />
        <select
          name="tokenValidation"
          aria-label="Token validation"
          className={inputClass}
          defaultValue="JWKS"
        >
          <option value="JWKS">Validate tokens with its JWKS</option>
          <option value="INTROSPECTION">
            Validate tokens by introspection (revocation seen within a minute)
          </option>
        </select>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="offersRegistration" />
          Developers create their applications' clients here (dynamic registration)
        </label>
        <input
          name="clientId"
          aria-label="Portico's client id there"
          placeholder="Portico's client id there (introspection)"
          className={inputClass}
        />
        <input
          name="clientSecret"
          aria-label="Portico's client secret there"
          type="password"
          placeholder="Its secret (stored encrypted)"
          className={inputClass}
          autoComplete="off"
        />
        <input
          name="registrationToken"
          aria-label="Registration token"
          type="password"
          placeholder="Initial access token for registration there, if needed"
          className={inputClass}
          autoComplete="off"
        />
        <div className="grid grid-cols-2 gap-2">
          <input
            name="clientIdClaim"
            aria-label="Client id claim"
            placeholder="client id claim (client_id)"
            className={inputClass}
          />
          <input
            name="scopeClaim"
            aria-label="Scope claim"
            placeholder="scope claim (scope)"
            className={inputClass}
          />
        </div>
        <div className="sm:col-span-2">
          <Button type="submit">Add by issuer</Button>
        </div>
      </ActionForm>
    </Card>
  );
}
