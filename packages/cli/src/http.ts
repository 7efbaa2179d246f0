// HTTP for every command: undici's fetch, trusting the environment's CA file when it names one,
// and the REST APIs' error shape `{code, message}` turned into a CliError that names the code.
import { readFileSync } from "node:fs";
import { Agent, type Dispatcher, fetch as undiciFetch } from "undici";
import type { Environment } from "./config";
import { CliError } from "./errors";

export type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

const agents = new Map<string, Dispatcher>();

/** A fetch that trusts `ca` (a PEM file) besides the system's CAs. */
export function fetchFor(env: Pick<Environment, "ca">): Fetch {
  let dispatcher: Dispatcher | undefined;
  if (env.ca) {
    dispatcher = agents.get(env.ca);
    if (!dispatcher) {
      let pem: string;
      try {
        pem = readFileSync(env.ca, "utf8");
      } catch (error) {
        throw new CliError(`cannot read the CA file ${env.ca}: ${(error as Error).message}`);
      }
      dispatcher = new Agent({ connect: { ca: pem } });
      agents.set(env.ca, dispatcher);
    }
  }
  return async (url, init) => {
    try {
      return (await undiciFetch(url, { ...(init as object), dispatcher } as never)) as unknown as Response;
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        `cannot reach ${new URL(String(url)).origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
        "unreachable",
      );
    }
  };
}

export type RestApi = "publisher" | "admin" | "devportal";

const BASES: Record<RestApi, string> = {
  publisher: "/api/publisher/v1",
  admin: "/api/admin/v1",
  devportal: "/api/devportal/v1",
};

export function restBase(env: Environment, api: RestApi): string {
  if (api === "devportal") {
    if (!env.devportalUrl)
      throw new CliError(
        "this environment has no developer portal URL: `portico env add <name> --url … --devportal-url …`",
      );
    return `${env.devportalUrl.replace(/\/$/, "")}${BASES.devportal}`;
  }
  return `${env.url.replace(/\/$/, "")}${BASES[api]}`;
}

/** A REST call; a non-2xx answer is a CliError with the API's code and message. */
export async function restCall<T = unknown>(
  fetch: Fetch,
  base: string,
  method: string,
  path: string,
  bearer: string | undefined,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      accept: "application/json",
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const error = (parsed ?? {}) as { code?: string; message?: string; details?: unknown };
    const details = error.details ? ` ${JSON.stringify(error.details)}` : "";
    throw new CliError(
      `${method} ${path}: ${res.status} ${error.code ?? ""} ${error.message ?? res.statusText}${details}`.replace(
        /\s+/g,
        " ",
      ),
      error.code ?? String(res.status),
    );
  }
  return parsed as T;
}
