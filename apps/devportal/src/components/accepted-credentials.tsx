import type { CatalogApiView } from "@portico/platform";

type SecuritySchemes = CatalogApiView["securitySchemes"];

/** The credentials the API's publisher accepts, said the way a caller needs them. */
export function AcceptedCredentials({ schemes }: { schemes: SecuritySchemes }) {
  const { oauth2, apiKey, mutualTls } = schemes;
  const several = [oauth2.enabled, apiKey.enabled].filter(Boolean).length > 1;
  return (
    <div data-testid="accepted-credentials">
      <ul className="space-y-2 text-sm" aria-label="Accepted credentials">
        {oauth2.enabled && (
          <li>
            <strong>OAuth 2.0 access token</strong>:{" "}
            {oauth2.dpop === "required" ? (
              <>
                DPoP-bound tokens only (RFC 9449): send <code>Authorization: DPoP …</code> with a proof signed
                by your key on every call.
              </>
            ) : (
              <>
                <code>Authorization: Bearer …</code>, or a DPoP-bound token with its proof.
              </>
            )}
          </li>
        )}
        {apiKey.enabled && (
          <li>
            <strong>API key</strong>: in the <code>{apiKey.header}</code> header
            {apiKey.queryParameter ? (
              <>
                {" "}
                or the <code>{apiKey.queryParameter}</code> query parameter
              </>
            ) : (
              " (never in the URL)"
            )}
            {apiKey.resources.length > 0 ? (
              <>
                , on <span className="font-mono text-xs">{apiKey.resources.join(", ")}</span> only.
              </>
            ) : (
              ", on every resource."
            )}
          </li>
        )}
        {mutualTls.enabled && (
          <li>
            <strong>Mutual TLS</strong>: every call also needs a client certificate the gateway trusts.
          </li>
        )}
      </ul>
      {several && (
        <p className="mt-2 text-sm text-slate-600">
          {schemes.require === "all"
            ? "Every call needs all of these together."
            : "Any one of these is enough on a call."}
        </p>
      )}
    </div>
  );
}
