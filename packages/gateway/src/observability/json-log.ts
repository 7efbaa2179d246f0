import type { Log } from "../gateway-runtime";

/**
 * The gateway's log: one JSON object per line on stderr (`at`, `level`, `service`, `message`, the
 * error's name and message, and fields such as `requestId`), so a log pipeline reads it without
 * parsing prose. Error messages here never carry secrets (tokens and keys are not put in them).
 */
export const jsonLog: Log = (level, message, error, fields) => {
  const failure =
    error instanceof Error
      ? { error: error.name, errorMessage: error.message }
      : error === undefined
        ? {}
        : { error: String(error) };
  process.stderr.write(
    `${JSON.stringify({ at: new Date().toISOString(), level, service: "gateway", pid: process.pid, message, ...failure, ...fields })}\n`,
  );
};
