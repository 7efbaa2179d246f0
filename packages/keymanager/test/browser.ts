// A minimal browser for the login and consent pages: a cookie jar, manual redirects, and
// form reading, all over real HTTPS.
import type { Platform } from "./fixture";

export interface PageForm {
  action: string;
  fields: Array<[string, string]>;
}

export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly p: Platform) {}

  private remember(res: { headers: { getSetCookie(): string[] } }): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = (pair ?? "").indexOf("=");
      const name = (pair ?? "").slice(0, eq);
      const value = (pair ?? "").slice(eq + 1);
      if (/Max-Age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  async get(url: string) {
    const res = await this.p.fetch(url, { redirect: "manual", headers: { cookie: this.cookieHeader() } });
    this.remember(res);
    return {
      status: res.status,
      location: res.headers.get("location"),
      html: await res.text(),
      headers: res.headers,
    };
  }

  async submit(form: PageForm, extra: Record<string, string>) {
    const body = new URLSearchParams(form.fields);
    for (const [k, v] of Object.entries(extra)) body.set(k, v);
    const res = await this.p.fetch(form.action, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    this.remember(res);
    return {
      status: res.status,
      location: res.headers.get("location"),
      html: await res.text(),
      headers: res.headers,
    };
  }
}

function decodeEntities(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
}

/** The first form of a page: its action and hidden fields. */
export function readForm(html: string): PageForm {
  const action = html.match(/<form[^>]*action="([^"]*)"/)?.[1];
  if (!action) throw new Error("no form on the page");
  const fields: Array<[string, string]> = [];
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields.push([decodeEntities(m[1] as string), decodeEntities(m[2] as string)]);
  }
  return { action: decodeEntities(action), fields };
}
