// next-auth's own log lines, written as the services write theirs: one JSON object per line on
// stderr. Its default logger prints whole stacks and the metadata of a failed sign-in callback,
// which can hold the provider's answer; here only the code and the error's name and message go
// out, the message cut short and cleared of anything that looks like a token.
import type { NextAuthOptions } from "next-auth";

type AuthLogger = NonNullable<NextAuthOptions["logger"]>;

const opaque = /[A-Za-z0-9+/_.=-]{20,}/g;

function errorOf(metadata: unknown): { error?: string; message?: string } {
  const error =
    metadata instanceof Error
      ? metadata
      : metadata !== null &&
          typeof metadata === "object" &&
          (metadata as { error?: unknown }).error instanceof Error
        ? ((metadata as { error: Error }).error as Error)
        : undefined;
  return error
    ? { error: error.name, message: error.message.slice(0, 300).replace(opaque, "[redacted]") }
    : {};
}

/** The logger for one portal's sign-in (`portal`: its client id); debug lines are dropped. */
export function authLogger(
  portal: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
): AuthLogger {
  const line = (level: "warn" | "error", code: string, fields: Record<string, unknown> = {}) =>
    write(
      `${JSON.stringify({ at: new Date().toISOString(), level, service: "portal-auth", portal, event: code, ...fields })}\n`,
    );
  return {
    error: (code, metadata) => line("error", code, errorOf(metadata)),
    warn: (code) => line("warn", code),
    debug: () => {},
  };
}
