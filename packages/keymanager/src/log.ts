// One JSON line per event on stderr. Callers pass only non-secret fields; messages of
// unexpected errors are redacted of anything that looks like a token or secret.
export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export function createLogger(
  minimum: LogLevel = "info",
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  return {
    log(level, event, fields = {}) {
      if (ORDER[level] < ORDER[minimum]) return;
      write(
        `${JSON.stringify({ at: new Date().toISOString(), level, service: "keymanager", event, ...fields })}\n`,
      );
    },
  };
}

/** A description of an unexpected error that is safe to log: no stack, no long opaque strings. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    error: error.name,
    code: typeof code === "string" ? code : undefined,
    message: error.message.slice(0, 500).replace(/[A-Za-z0-9+/_.=-]{20,}/g, "[redacted]"),
  };
}
