// `portico grant-types list|enable|disable` (admin): the platform-wide grant type switches.
import type { Command } from "commander";
import type { Context } from "../context";

export function registerGrantTypeCommands(program: Command, context: () => Context): void {
  const grants = program.command("grant-types").description("grant types (admin)");
  grants
    .command("list")
    .description("list grant types and whether each is on")
    .action(async () => {
      const ctx = context();
      ctx.printer.result(await ctx.rest("admin", "GET", "/grant-types"), {
        columns: ["name", "displayName", "enabled"],
      });
    });
  for (const [verb, enabled] of [
    ["enable", true],
    ["disable", false],
  ] as const) {
    grants
      .command(`${verb} <name>`)
      .description(`switch a grant type ${enabled ? "on" : "off"} platform-wide`)
      .action(async (name: string) => {
        const ctx = context();
        ctx.printer.result(
          await ctx.rest("admin", "PUT", `/grant-types/${encodeURIComponent(name)}`, { enabled }),
        );
      });
  }
}
