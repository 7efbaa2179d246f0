// The one place the command line reads its process environment.
import envPaths from "env-paths";

/** Where the configuration (environments and tokens) lives: PORTICO_CONFIG_DIR, else the OS config dir. */
export function configDir(): string {
  return process.env.PORTICO_CONFIG_DIR || envPaths("portico", { suffix: "" }).config;
}

/** `portico login --password`: the username and password for CI, never read from the command line. */
export function passwordCredentials(): { username: string | undefined; password: string | undefined } {
  return { username: process.env.PORTICO_USERNAME, password: process.env.PORTICO_PASSWORD };
}

/** Progress is shown only to a person at a terminal. */
export function interactiveStderr(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}
