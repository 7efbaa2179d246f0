// Server-rendered pages of the key manager (login, sign-up, consent, errors, sign-out), styled like the
// portals: one centred card, system fonts, no scripts. Everything interpolated is escaped.

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root{color-scheme:light dark;--bg:#f5f7fb;--card:#fff;--text:#111827;--muted:#6b7280;--border:#e5e7eb;--accent:#4f46e5;--accent-text:#fff;--danger:#b91c1c}
@media (prefers-color-scheme:dark){:root{--bg:#0b1020;--card:#111827;--text:#f3f4f6;--muted:#9ca3af;--border:#1f2937;--accent:#6366f1;--danger:#f87171}}
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:var(--bg);color:var(--text);font:15px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:400px;padding:24px}
.card{background:var(--card);border:1px solid var(--border);border-radius:14px;padding:32px;box-shadow:0 10px 30px rgba(0,0,0,.06)}
.brand{display:flex;align-items:center;gap:10px;font-weight:650;font-size:17px;margin-bottom:22px}
.brand span{display:inline-flex;width:30px;height:30px;border-radius:8px;background:var(--accent);color:var(--accent-text);align-items:center;justify-content:center;font-weight:700}
h1{font-size:20px;margin:0 0 6px}p{margin:0 0 16px;color:var(--muted)}
label{display:block;font-size:13px;font-weight:600;margin:14px 0 6px}
input[type=text],input[type=email],input[type=password]{width:100%;padding:10px 12px;border:1px solid var(--border);border-radius:8px;background:transparent;color:var(--text);font-size:15px}
input:focus{outline:2px solid var(--accent);outline-offset:1px}
button{width:100%;margin-top:20px;padding:11px;border:0;border-radius:8px;background:var(--accent);color:var(--accent-text);font-size:15px;font-weight:600;cursor:pointer}
button.secondary{background:transparent;color:var(--text);border:1px solid var(--border);margin-top:10px}
.error{background:rgba(185,28,28,.08);color:var(--danger);border-radius:8px;padding:10px 12px;font-size:14px;margin-bottom:8px}
ul.scopes{list-style:none;padding:0;margin:0 0 8px;border:1px solid var(--border);border-radius:8px}
ul.scopes li{padding:10px 12px;border-top:1px solid var(--border)}ul.scopes li:first-child{border-top:0}
ul.scopes code{font-size:13px}ul.scopes small{display:block;color:var(--muted)}
.field-error{color:var(--danger);font-size:13px;margin-top:4px}.hint{color:var(--muted);font-size:12px;margin-top:4px}
.alt{margin:18px 0 0;text-align:center;font-size:14px}.alt a{color:var(--accent)}
footer{margin-top:18px;text-align:center;font-size:12px;color:var(--muted)}
`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)} · Portico</title><style>${STYLE}</style></head><body><main><div class="card"><div class="brand"><span>P</span>Portico</div>${body}</div><footer>Portico key manager</footer></main></body></html>`;
}

export function hiddenFields(fields: Map<string, string> | Array<[string, string]>): string {
  return [...fields]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
}

export function loginPage(input: {
  action: string;
  fields: Array<[string, string]>;
  clientName: string;
  error?: string;
  username?: string;
  /** shown as "Create an account" only when an admin allows self sign-up */
  signupUrl?: string;
}): string {
  return page(
    "Sign in",
    `<h1>Sign in</h1><p>to continue to <strong>${escapeHtml(input.clientName)}</strong></p>
${input.error ? `<div class="error" role="alert">${escapeHtml(input.error)}</div>` : ""}
<form method="post" action="${escapeHtml(input.action)}">${hiddenFields(input.fields)}
<label for="username">Username</label><input id="username" name="username" type="text" autocomplete="username" required autofocus value="${escapeHtml(input.username ?? "")}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>
${input.signupUrl ? `<p class="alt">New here? <a href="${escapeHtml(input.signupUrl)}">Create an account</a></p>` : ""}`,
  );
}

export type SignupField = "username" | "email" | "password" | "password_confirm";

export function signupPage(input: {
  action: string;
  fields: Array<[string, string]>;
  clientName: string;
  signInUrl: string;
  /** a message about the whole form (expired form, too many attempts) */
  error?: string;
  /** a message next to each field that was refused */
  fieldErrors?: Partial<Record<SignupField, string>>;
  values?: { username?: string; email?: string };
}): string {
  const errors = input.fieldErrors ?? {};
  const field = (
    name: SignupField,
    label: string,
    type: string,
    attributes: string,
    value?: string,
    hint?: string,
  ) => {
    const error = errors[name];
    return `<label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" ${attributes}${value !== undefined ? ` value="${escapeHtml(value)}"` : ""}${error ? ` aria-invalid="true" aria-describedby="${name}-error"` : ""}>${error ? `<div class="field-error" id="${name}-error" role="alert">${escapeHtml(error)}</div>` : hint ? `<div class="hint">${hint}</div>` : ""}`;
  };
  return page(
    "Create an account",
    `<h1>Create an account</h1><p>to continue to <strong>${escapeHtml(input.clientName)}</strong></p>
${input.error ? `<div class="error" role="alert">${escapeHtml(input.error)}</div>` : ""}
<form method="post" action="${escapeHtml(input.action)}">${hiddenFields(input.fields)}
${field("username", "Username", "text", 'autocomplete="username" required autofocus minlength="3" maxlength="64"', input.values?.username ?? "", "3 to 64 letters, digits and . _ @ -")}
${field("email", "Email (optional)", "email", 'autocomplete="email" maxlength="254"', input.values?.email ?? "")}
${field("password", "Password", "password", 'autocomplete="new-password" required minlength="12"', undefined, "At least 12 characters")}
${field("password_confirm", "Confirm password", "password", 'autocomplete="new-password" required minlength="12"')}
<button type="submit">Create account</button></form>
<p class="alt">Already have an account? <a href="${escapeHtml(input.signInUrl)}">Sign in</a></p>`,
  );
}

export function consentPage(input: {
  action: string;
  fields: Array<[string, string]>;
  clientName: string;
  username: string;
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
    "Allow access",
    `<h1>Allow access?</h1><p><strong>${escapeHtml(input.clientName)}</strong> asks to act for <strong>${escapeHtml(input.username)}</strong> with:</p>${items}
<form method="post" action="${escapeHtml(input.action)}">${hiddenFields(input.fields)}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button></form>`,
  );
}

export function errorPage(error: string, description: string): string {
  return page(
    "Error",
    `<h1>Something is wrong with this request</h1><div class="error" role="alert"><strong>${escapeHtml(error)}</strong>: ${escapeHtml(description)}</div><p>Go back to the application and try again.</p>`,
  );
}

export function signedOutPage(): string {
  return page("Signed out", "<h1>You are signed out</h1><p>You may close this window.</p>");
}

export function logoutConfirmPage(input: { action: string; fields: Array<[string, string]> }): string {
  return page(
    "Sign out",
    `<h1>Sign out?</h1><p>You will be signed out of the Portico key manager.</p><form method="post" action="${escapeHtml(input.action)}">${hiddenFields(input.fields)}<button type="submit">Sign out</button></form>`,
  );
}
