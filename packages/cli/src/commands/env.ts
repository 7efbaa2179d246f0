// `portico env add|list|use|remove`: named environments (dev, staging, prod), each with its
// portal URLs, key manager and CA, and its own sign-in.
import type { Command } from "commander";
import { checkEnvironmentName, readConfig, writeConfig } from "../config";
import type { Context } from "../context";
import { UsageError } from "../errors";

function absoluteUrl(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option} must be an absolute http(s) URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UsageError(`${option} must be an http(s) URL`);
  return url.toString().replace(/\/$/, "");
}

export function registerEnvCommands(program: Command, context: () => Context): void {
  const env = program.command("env").description("named environments");
  env
    .command("add <name>")
    .description("add (or change) an environment; the first one added becomes current")
    .requiredOption("--url <url>", "the publisher portal, e.g. https://apim.example.com")
    .option("--devportal-url <url>", "the developer portal (for app and token commands)")
    .option("--issuer <url>", "the key manager (read from the publisher API when left out)")
    .option("--ca <file>", "a PEM file of CA certificates to trust, e.g. .data/tls/ca.pem")
    .option("--use", "make it the current environment", false)
    .action(
      (
        name: string,
        opts: { url: string; devportalUrl?: string; issuer?: string; ca?: string; use: boolean },
      ) => {
        checkEnvironmentName(name);
        const config = readConfig();
        const previous = config.environments[name];
        config.environments[name] = {
          url: absoluteUrl(opts.url, "--url"),
          ...(opts.devportalUrl ? { devportalUrl: absoluteUrl(opts.devportalUrl, "--devportal-url") } : {}),
          ...(opts.issuer ? { issuer: absoluteUrl(opts.issuer, "--issuer") } : {}),
          ...(opts.ca ? { ca: opts.ca } : {}),
          // a changed address is another server: its tokens are not kept
          ...(previous?.tokens && previous.url === absoluteUrl(opts.url, "--url")
            ? { tokens: previous.tokens }
            : {}),
        };
        if (opts.use || !config.current) config.current = name;
        writeConfig(config);
        context().printer.result({
          name,
          ...config.environments[name],
          tokens: undefined,
          current: config.current === name,
        });
      },
    );
  env
    .command("list")
    .description("list environments")
    .action(() => {
      const config = readConfig();
      context().printer.result(
        Object.entries(config.environments).map(([name, e]) => ({
          name,
          current: config.current === name,
          url: e.url,
          devportalUrl: e.devportalUrl ?? null,
          issuer: e.issuer ?? null,
          signedIn: Boolean(e.tokens),
        })),
      );
    });
  env
    .command("use <name>")
    .description("make an environment the current one")
    .action((name: string) => {
      const config = readConfig();
      if (!config.environments[name]) throw new UsageError(`no environment named "${name}"`);
      config.current = name;
      writeConfig(config);
      context().printer.result({ current: name });
    });
  env
    .command("remove <name>")
    .description("remove an environment and its tokens")
    .action((name: string) => {
      const config = readConfig();
      if (!config.environments[name]) throw new UsageError(`no environment named "${name}"`);
      delete config.environments[name];
      if (config.current === name) delete config.current;
      writeConfig(config);
      context().printer.result({ removed: name });
    });
}
