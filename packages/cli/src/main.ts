// `portico`: the command line. `run` returns the exit code instead of exiting, so tests and the
// launcher share it: 0 success, 1 error, 2 usage error.
import { Command, CommanderError, Option } from "commander";
import { registerApiCommands } from "./commands/api";
import { registerAppCommands } from "./commands/app";
import { registerEnvCommands } from "./commands/env";
import { registerGrantTypeCommands } from "./commands/grant-types";
import { registerLoginCommands } from "./commands/login";
import { registerPolicyCommands } from "./commands/policy";
import { type Context, createContext, type GlobalOptions } from "./context";
import { CliError, EXIT_ERROR, EXIT_OK, EXIT_USAGE } from "./errors";
import { createPrinter, OUTPUT_FORMATS, type OutputFormat } from "./output";
import { createProgress } from "./progress";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export function buildProgram(io: Io): { program: Command; context: () => Context } {
  const program = new Command("portico")
    .description("Portico's command line: environments, sign-in, APIs as files, applications, tokens")
    // not --version: that is the API version option of the api commands
    .version("0.1.0", "-V, --portico-version")
    .addOption(new Option("-e, --env <name>", "the environment to use (default: the current one)"))
    .addOption(
      new Option("--output <format>", "how results are printed").choices(OUTPUT_FORMATS).default("table"),
    )
    .option("--show-secret", "print secrets (consumer secrets, tokens) instead of masking them", false)
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  let context: Context | undefined;
  const getContext = () => {
    if (!context) {
      const opts = program.opts() as { env?: string; output: OutputFormat; showSecret: boolean };
      const globals: GlobalOptions = { env: opts.env, output: opts.output, showSecret: opts.showSecret };
      context = createContext(
        globals,
        createPrinter(globals.output, globals.showSecret, io),
        createProgress(),
      );
    }
    return context;
  };
  registerEnvCommands(program, getContext);
  registerLoginCommands(program, getContext);
  registerApiCommands(program, getContext);
  registerAppCommands(program, getContext);
  registerGrantTypeCommands(program, getContext);
  registerPolicyCommands(program, getContext);
  // every subcommand reports usage errors the same way (exit 2) and prints to the same streams
  const configure = (command: Command) => {
    for (const sub of command.commands) {
      sub
        .exitOverride()
        .showHelpAfterError("(add --help for usage)")
        .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
      configure(sub);
    }
  };
  configure(program);
  return { program, context: getContext };
}

export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const { program } = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT_OK;
      // commander has printed its message already
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      io.stderr(`portico: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`portico: unexpected error: ${(error as Error).message ?? String(error)}\n`);
    return EXIT_ERROR;
  }
}
