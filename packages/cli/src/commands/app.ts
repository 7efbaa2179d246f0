// `portico app list|create|keys` and `portico token`: the developer portal's applications, their
// consumer keys and tokens. Consumer secrets and tokens are shown once by the server; the command
// masks them unless `--show-secret`, and refuses to make a secret it would not show.
import type { Command } from "commander";
import type { Context } from "../context";
import { CliError, UsageError } from "../errors";

interface ApplicationView {
  id: string;
  name: string;
  [field: string]: unknown;
}

const KEY_TYPES = ["PRODUCTION", "SANDBOX"];

function keyType(value: string): string {
  const upper = value.toUpperCase();
  if (!KEY_TYPES.includes(upper)) throw new UsageError(`--key-type must be PRODUCTION or SANDBOX`);
  return upper;
}

function positiveInteger(value: string, option: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) <= 0)
    throw new UsageError(`${option} must be a positive number of seconds`);
  return Number(value);
}

async function findApplication(ctx: Context, name: string): Promise<ApplicationView> {
  const apps = await ctx.rest<ApplicationView[]>("devportal", "GET", "/applications");
  const found = apps.find((a) => a.name === name);
  if (!found) throw new CliError(`no application named ${name}`, "NOT_FOUND");
  return found;
}

export function registerAppCommands(program: Command, context: () => Context): void {
  const app = program.command("app").description("applications (developer portal)");
  app
    .command("list")
    .description("list your applications")
    .action(async () => {
      const ctx = context();
      ctx.printer.result(await ctx.rest("devportal", "GET", "/applications"), {
        columns: ["name", "tokenType", "defaultValidity", "status", "id"],
      });
    });
  app
    .command("create <name>")
    .description("create an application")
    .option("--token-type <type>", "JWT or OPAQUE", "JWT")
    .option("--description <text>", "what it is for")
    .action(async (name: string, opts: { tokenType: string; description?: string }) => {
      const tokenType = opts.tokenType.toUpperCase();
      if (tokenType !== "JWT" && tokenType !== "OPAQUE")
        throw new UsageError("--token-type must be JWT or OPAQUE");
      const ctx = context();
      ctx.printer.result(
        await ctx.rest("devportal", "POST", "/applications", {
          name,
          tokenType,
          ...(opts.description ? { description: opts.description } : {}),
        }),
      );
    });
  app
    .command("keys <name>")
    .description("show an application's consumer keys; --generate makes them (the secret is shown once)")
    .option(
      "--generate",
      "generate keys for --key-type (needs --show-secret: the secret is shown only once)",
      false,
    )
    .option("--key-type <type>", "PRODUCTION or SANDBOX", "PRODUCTION")
    .option("--grant-types <list>", "comma-separated grant types for --generate", "client_credentials")
    .action(async (name: string, opts: { generate: boolean; keyType: string; grantTypes: string }) => {
      const ctx = context();
      const type = keyType(opts.keyType);
      if (opts.generate && !ctx.globals.showSecret)
        throw new UsageError("the consumer secret is shown only once: add --show-secret to generate keys");
      const found = await findApplication(ctx, name);
      if (!opts.generate) {
        ctx.printer.result(await ctx.rest("devportal", "GET", `/applications/${found.id}/keys`));
        return;
      }
      const grantTypes = opts.grantTypes
        .split(",")
        .map((g) => g.trim())
        .filter(Boolean);
      ctx.printer.result(
        await ctx.rest("devportal", "POST", `/applications/${found.id}/keys`, { keyType: type, grantTypes }),
      );
    });
  program
    .command("token")
    .description("generate an access token for an application's keys")
    .requiredOption("--app <name>", "the application")
    .option("--scope <scopes>", "space-separated scopes", "")
    .option("--validity <seconds>", "how long the token lives")
    .option("--key-type <type>", "PRODUCTION or SANDBOX", "PRODUCTION")
    .action(async (opts: { app: string; scope: string; validity?: string; keyType: string }) => {
      const type = keyType(opts.keyType);
      const validityPeriod =
        opts.validity === undefined ? undefined : positiveInteger(opts.validity, "--validity");
      const ctx = context();
      const found = await findApplication(ctx, opts.app);
      const token = await ctx.rest("devportal", "POST", `/applications/${found.id}/tokens`, {
        keyType: type,
        scopes: opts.scope.split(" ").filter(Boolean),
        ...(validityPeriod ? { validityPeriod } : {}),
      });
      if (!ctx.globals.showSecret) ctx.printer.note("the token is masked: add --show-secret to print it");
      ctx.printer.result(token);
    });
}
