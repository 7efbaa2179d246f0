// `portico api list|get|publish|deprecate|export|import|diff`: the publisher API, and API
// projects as files (see api-project/).
import { existsSync, readdirSync } from "node:fs";
import type { Command } from "commander";
import { applyPlan, exportProject, planImport, requireApi } from "../api-project/plan";
import { readProject, writeProject } from "../api-project/project-files";
import type { Context } from "../context";
import { UsageError } from "../errors";

const LIST_COLUMNS = ["name", "version", "context", "state", "visibility", "subscriptionCount"];
const STATES = ["CREATED", "PUBLISHED", "DEPRECATED", "RETIRED", "BLOCKED"];

function lifecycleCommand(api: Command, context: () => Context, action: "publish" | "deprecate") {
  api
    .command(`${action} <name>`)
    .description(`${action} an API`)
    .option("--version <version>", "the API's version (needed when it has several)")
    .action(async (name: string, opts: { version?: string }) => {
      const ctx = context();
      const found = await requireApi(ctx, name, opts.version);
      const result = await ctx.rest("publisher", "POST", `/apis/${found.id}/lifecycle`, { action });
      ctx.printer.result({ name: found.name, version: found.version, ...(result as object) });
    });
}

export function registerApiCommands(program: Command, context: () => Context): void {
  const api = program.command("api").description("APIs (publisher)");
  api
    .command("list")
    .description("list the APIs you may see")
    .option("--state <state>", `only APIs in this state (${STATES.join(", ")})`)
    .option("--query <text>", "only APIs whose name or context contains this")
    .action(async (opts: { state?: string; query?: string }) => {
      if (opts.state && !STATES.includes(opts.state))
        throw new UsageError(`--state must be one of ${STATES.join(", ")}`);
      const ctx = context();
      const query = new URLSearchParams({
        ...(opts.state ? { state: opts.state } : {}),
        ...(opts.query ? { q: opts.query } : {}),
      });
      const apis = await ctx.rest<unknown[]>("publisher", "GET", `/apis${query.size ? `?${query}` : ""}`);
      ctx.printer.result(apis, { columns: LIST_COLUMNS });
    });
  api
    .command("get <name>")
    .description("show an API")
    .option("--version <version>", "the API's version (needed when it has several)")
    .action(async (name: string, opts: { version?: string }) => {
      const ctx = context();
      const found = await requireApi(ctx, name, opts.version);
      ctx.printer.result(await ctx.rest("publisher", "GET", `/apis/${found.id}`));
    });
  lifecycleCommand(api, context, "publish");
  lifecycleCommand(api, context, "deprecate");
  api
    .command("export <name>")
    .description("write an API project folder: api.yaml, openapi.yaml, docs/")
    .requiredOption("--version <version>", "the API's version")
    .requiredOption("-o, --out <dir>", "the folder to write (created; must be empty if it exists)")
    .action(async (name: string, opts: { version: string; out: string }) => {
      if (existsSync(opts.out) && readdirSync(opts.out).length > 0)
        throw new UsageError(`${opts.out} is not empty: export into a new or empty folder`);
      const ctx = context();
      const found = await requireApi(ctx, name, opts.version);
      const { project, openApi } = await ctx.progress.run(`Exporting ${name} ${opts.version}`, () =>
        exportProject(ctx, found),
      );
      const files = writeProject(opts.out, project, openApi);
      ctx.printer.result({ name, version: opts.version, dir: opts.out, files });
    });
  api
    .command("diff <dir>")
    .description("show what `api import` would change")
    .action(async (dir: string) => {
      const ctx = context();
      const plan = await planImport(ctx, readProject(dir));
      ctx.printer.result(
        plan.changes.map((c) => ({ action: c.action, target: c.target, fields: c.fields ?? [] })),
        { columns: ["action", "target", "fields"] },
      );
    });
  api
    .command("import <dir>")
    .description("create or update an API from a project folder (a second import changes nothing)")
    .action(async (dir: string) => {
      const ctx = context();
      const project = readProject(dir);
      const plan = await planImport(ctx, project);
      const result = plan.changes.length
        ? await ctx.progress.run(`Importing ${String(project.definition.name)}`, () =>
            applyPlan(ctx, project, plan),
          )
        : plan.api;
      ctx.printer.result({
        name: result?.name,
        version: result?.version,
        id: result?.id,
        state: result?.state,
        changes: plan.changes.map(
          (c) => `${c.action} ${c.target}${c.fields?.length ? ` (${c.fields.join(", ")})` : ""}`,
        ),
      });
    });
}
