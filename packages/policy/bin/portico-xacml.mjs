#!/usr/bin/env node
// Plain-Node launcher: registers tsx's loader so the TypeScript sources run without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
process.exitCode = main(process.argv.slice(2));
