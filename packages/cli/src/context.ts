// What every command gets: the chosen environment, REST calls with a fresh token, the printer and
// the progress indicator.
import { type Environment, readConfig, selectEnvironment } from "./config";
import { fetchFor, type RestApi, restBase, restCall } from "./http";
import type { OutputFormat, Printer } from "./output";
import type { Progress } from "./progress";
import { accessToken } from "./session";

export interface GlobalOptions {
  env?: string;
  output: OutputFormat;
  showSecret: boolean;
}

export interface Context {
  globals: GlobalOptions;
  printer: Printer;
  progress: Progress;
  environment(): { name: string; env: Environment };
  /** a call to one of the REST APIs as the signed-in user */
  rest<T = unknown>(api: RestApi, method: string, path: string, body?: unknown): Promise<T>;
}

export function createContext(globals: GlobalOptions, printer: Printer, progress: Progress): Context {
  let selected: { name: string; env: Environment } | undefined;
  const environment = () => {
    selected ??= selectEnvironment(readConfig(), globals.env);
    return selected;
  };
  return {
    globals,
    printer,
    progress,
    environment,
    async rest<T>(api: RestApi, method: string, path: string, body?: unknown): Promise<T> {
      const { name, env } = environment();
      const base = restBase(env, api);
      const token = await accessToken(name, env);
      return restCall<T>(fetchFor(env), base, method, path, token, body);
    },
  };
}
