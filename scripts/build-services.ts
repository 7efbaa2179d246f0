// Compiles the Node services (key manager, gateway, sample backend) into one ES module each,
// `packages/<service>/dist/main.js`, so production runs plain `node` without compiling
// TypeScript at start. `npm start` calls buildServices() and rebuilds only what is stale;
// `npm run build:services` rebuilds all of them.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "@portico/settings/paths";
import { build, type Plugin } from "esbuild";

export const compiledServices = ["sample-backend", "keymanager", "gateway"] as const;
export type CompiledService = (typeof compiledServices)[number];

/** The file `node` runs for a compiled service. */
export function compiledEntry(service: CompiledService): string {
  return path.join(repoRoot, "packages", service, "dist", "main.js");
}

// Files a bundled module opens next to itself at run time (new URL(name, import.meta.url)):
// they are copied beside the bundle.
const companions: Partial<Record<CompiledService, string[]>> = {
  keymanager: ["packages/enterprise-auth/src/kerberos/gss-acceptor-process.mjs"],
};

// Workspace packages are TypeScript source and go into the bundle; everything from npm stays an
// import resolved from node_modules at run time (native addons, Prisma's runtime, wasm files).
const externalDependencies: Plugin = {
  name: "external-dependencies",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@portico/") ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * The newest modification time of the files under `dirs` (dependencies, builds, generated code
 * and tests left out): what a build made from them must be newer than.
 */
export function newestSource(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (["node_modules", "dist", ".next", ".turbo", "generated"].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) walk(dir);
  return newest;
}

/**
 * Builds every compiled service whose bundle is older than the sources (or all with `force`;
 * `newestPackageSource` when the caller has already walked `packages/`). Returns the services it
 * built. A build takes well under a second per service.
 */
export async function buildServices(
  options: { force?: boolean; newestPackageSource?: number } = {},
): Promise<CompiledService[]> {
  const sources = options.newestPackageSource ?? newestSource([path.join(repoRoot, "packages")]);
  const stale = compiledServices.filter((service) => {
    const entry = compiledEntry(service);
    return options.force || !existsSync(entry) || statSync(entry).mtimeMs < sources;
  });
  for (const service of stale) {
    const outfile = compiledEntry(service);
    await build({
      entryPoints: [path.join(repoRoot, "packages", service, "src", "main.ts")],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: true,
      plugins: [externalDependencies],
      logLevel: "warning",
    });
    for (const file of companions[service] ?? []) {
      mkdirSync(path.dirname(outfile), { recursive: true });
      copyFileSync(path.join(repoRoot, file), path.join(path.dirname(outfile), path.basename(file)));
    }
  }
  return stale;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = Date.now();
  const built = await buildServices({ force: true });
  process.stdout.write(`built ${built.join(", ")} in ${Date.now() - started} ms\n`);
}
