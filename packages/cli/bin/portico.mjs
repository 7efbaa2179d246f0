#!/usr/bin/env node
// Plain-Node launcher: registers tsx's loader so the TypeScript sources run without a build step.
import { register } from "tsx/esm/api";

register();
const { run } = await import("../src/main.ts");
process.exitCode = await run(process.argv.slice(2));
