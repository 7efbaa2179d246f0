import { readFileSync } from "node:fs";
import { PolicyError } from "./errors";
import { createPdp } from "./pdp";

const USAGE = `usage: portico-xacml evaluate --policy FILE [--policy FILE…] --request FILE

Evaluates an XACML 3.0 request against the policies and prints the Response.
The first --policy is the root; the others are available to it by reference.
An XML request gets an XML response, a JSON request (JSON profile) a JSON response.

exit codes: 0 decided (whatever the decision), 1 usage or unreadable file, 2 a policy did not load`;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function read(file: string, io: Io): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    io.stderr(`portico-xacml: cannot read ${file}: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** Runs the command line; returns the exit code instead of exiting, so tests can call it too. */
export function main(argv: readonly string[], io: Io = defaultIo): number {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (command !== "evaluate") {
    io.stderr(`${USAGE}\n`);
    return 1;
  }
  const policies: string[] = [];
  let request: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const valueArg = rest[i + 1];
    if ((flag === "--policy" || flag === "--request") && valueArg !== undefined) {
      if (flag === "--policy") policies.push(valueArg);
      else request = valueArg;
      i++;
    } else {
      io.stderr(`portico-xacml: unexpected argument ${flag}\n${USAGE}\n`);
      return 1;
    }
  }
  if (policies.length === 0 || request === undefined) {
    io.stderr(`portico-xacml: --policy and --request are required\n${USAGE}\n`);
    return 1;
  }
  const sources: { text: string; name: string }[] = [];
  for (const file of policies) {
    const text = read(file, io);
    if (text === undefined) return 1;
    sources.push({ text, name: file });
  }
  const requestText = read(request, io);
  if (requestText === undefined) return 1;

  let pdp: ReturnType<typeof createPdp>;
  try {
    pdp = createPdp(sources);
  } catch (error) {
    if (error instanceof PolicyError) {
      io.stderr(`portico-xacml: policy not loaded [${error.code}]: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const response = pdp.evaluate(requestText);
  if (requestText.trimStart().startsWith("<")) io.stdout(`${response}\n`);
  else io.stdout(`${JSON.stringify(JSON.parse(response), null, 2)}\n`);
  return 0;
}
