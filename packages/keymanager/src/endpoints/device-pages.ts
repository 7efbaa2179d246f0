// The verification page's views (RFC 8628 3.3): the user-code form, the confirmation that names
// the client and the code (so the user can compare it with the device's screen, RFC 8628 5.4),
// and the outcome. Styled and escaped like every key manager page.
import { escapeHtml, hiddenFields, page } from "../views/page";

export function userCodePage(input: {
  action: string;
  fields: Array<[string, string]>;
  userCode?: string;
  error?: string;
}): string {
  return page(
    "Connect a device",
    `<h1>Connect a device</h1><p>Enter the code shown on your device.</p>
${input.error ? `<div class="error" role="alert">${escapeHtml(input.error)}</div>` : ""}
<form method="post" action="${escapeHtml(input.action)}">${hiddenFields(input.fields)}
<label for="user_code">Code</label><input id="user_code" name="user_code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus maxlength="16" placeholder="XXXX-XXXX" value="${escapeHtml(input.userCode ?? "")}">
<button type="submit">Continue</button></form>`,
  );
}

export function deviceConsentPage(input: {
  action: string;
  fields: Array<[string, string]>;
  clientName: string;
  username: string;
  userCode: string;
  scopes: Array<{ name: string; description?: string | null }>;
}): string {
  const items = input.scopes.length
    ? `<ul class="scopes">${input.scopes
        .map(
          (s) =>
            `<li><code>${escapeHtml(s.name)}</code>${s.description ? `<small>${escapeHtml(s.description)}</small>` : ""}</li>`,
        )
        .join("")}</ul>`
    : "<p>No extra permissions: it will only know who you are.</p>";
  return page(
    "Allow device access",
    `<h1>Allow device access?</h1><p>A device showing the code <strong data-user-code>${escapeHtml(input.userCode)}</strong> asks for <strong>${escapeHtml(input.clientName)}</strong> to act for <strong>${escapeHtml(input.username)}</strong> with:</p>${items}
<p>Allow only if you started this on your own device and it shows this code.</p>
<form method="post" action="${escapeHtml(input.action)}">${hiddenFields(input.fields)}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button></form>`,
  );
}

export function deviceOutcomePage(approved: boolean): string {
  return approved
    ? page("Device connected", "<h1>Device connected</h1><p>You may return to your device.</p>")
    : page("Request denied", "<h1>Request denied</h1><p>The device was not given access.</p>");
}
