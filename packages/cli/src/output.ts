// Every command prints through here, as JSON, YAML or a table (`--output`). Secrets (consumer
// secrets, tokens, API keys) are masked unless `--show-secret` asks for them.
import Table from "cli-table3";
import { stringify } from "yaml";
import { UsageError } from "./errors";

export const OUTPUT_FORMATS = ["table", "json", "yaml"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const SECRET_FIELDS = new Set([
  "consumerSecret",
  "accessToken",
  "refreshToken",
  "access_token",
  "refresh_token",
  "id_token",
  "apiKey",
  "key",
  "secret",
  "password",
]);

export function parseOutputFormat(value: string): OutputFormat {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value))
    throw new UsageError(`--output must be one of ${OUTPUT_FORMATS.join(", ")}`);
  return value as OutputFormat;
}

/** A copy with every secret field masked (the last four characters kept, to tell values apart). */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_FIELDS.has(k) && typeof v === "string" && v.length > 0
        ? `****${v.length > 12 ? v.slice(-4) : ""}`
        : maskSecrets(v),
    ]),
  );
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(cell).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function table(value: unknown, columns?: string[]): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "(none)";
    const keys = columns ?? Object.keys(value[0] as object);
    const t = new Table({ head: keys, style: { head: [], border: [] } });
    for (const row of value) t.push(keys.map((k) => cell((row as Record<string, unknown>)[k])));
    return t.toString();
  }
  if (value && typeof value === "object") {
    const t = new Table({ style: { head: [], border: [] } });
    for (const [k, v] of Object.entries(value)) {
      if (columns && !columns.includes(k)) continue;
      t.push({ [k]: cell(v) });
    }
    return t.toString();
  }
  return cell(value);
}

export interface Printer {
  /** the result of a command, on stdout */
  result(value: unknown, options?: { columns?: string[] }): void;
  /** a result that is a document of its own (an XACML XML response), printed as it is */
  text(value: string): void;
  /** a message for the person at the terminal, on stderr (never a result) */
  note(message: string): void;
}

export function createPrinter(
  format: OutputFormat,
  showSecret: boolean,
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
): Printer {
  return {
    result(value, options) {
      const shown = showSecret ? value : maskSecrets(value);
      if (format === "json") io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
      else if (format === "yaml") io.stdout(stringify(shown));
      else io.stdout(`${table(shown, options?.columns)}\n`);
    },
    text(value) {
      io.stdout(value.endsWith("\n") ? value : `${value}\n`);
    },
    note(message) {
      io.stderr(`${message}\n`);
    },
  };
}
