// `portico policy evaluate`: decides an XACML 3.0 request against policy files locally, with the
// same decision point the gateway runs (@portico/policy). No server is involved.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { Context } from "../context";
import { CliError } from "../errors";

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export function registerPolicyCommands(program: Command, context: () => Context): void {
  const policy = program.command("policy").description("XACML policies");
  policy
    .command("evaluate")
    .description("evaluate an XACML request (XML, or JSON profile) against policies; the first is the root")
    .requiredOption("--policy <file...>", "policy files; the others are available to the first by reference")
    .requiredOption("--request <file>", "the request")
    .action(async (opts: { policy: string[]; request: string }) => {
      // loaded only here: the decision point is the largest module the command line has
      const { createPdp, PolicyError } = await import("@portico/policy");
      const ctx = context();
      const sources = opts.policy.map((file) => ({ text: read(file), name: file }));
      const request = read(opts.request);
      let pdp: import("@portico/policy").Pdp;
      try {
        pdp = createPdp(sources);
      } catch (error) {
        if (error instanceof PolicyError)
          throw new CliError(`policy not loaded [${error.code}]: ${error.message}`, error.code);
        throw error;
      }
      if (request.trimStart().startsWith("<")) {
        // XML in, XML out; as a field of the result when JSON or YAML is asked for
        const response = pdp.evaluate(request);
        if (ctx.globals.output === "table") ctx.printer.text(response);
        else ctx.printer.result({ response });
        return;
      }
      let parsed: object;
      try {
        parsed = JSON.parse(request) as object;
      } catch (error) {
        throw new CliError(`${opts.request} is neither XML nor JSON: ${(error as Error).message}`);
      }
      const response = pdp.evaluate(parsed);
      ctx.printer.result(response);
    });
}
