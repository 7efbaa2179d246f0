// Prisma's schema engine (migrations, diffs) run in-process from its WebAssembly build, so no
// native engine is downloaded. See ../../shared/design.md "Prisma on machines that cannot
// download engines" for the gaps between the engine and the driver adapters closed here.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { postgresSchemaOf, providerOf } from "./provider";

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- SQLite

/** better-sqlite3 runs one statement per call; the engine sends scripts to executeRaw. */
function withMultiStatementRetry(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  return Object.assign(Object.create(adapter) as SqlDriverAdapter, {
    async executeRaw(query: Parameters<SqlDriverAdapter["executeRaw"]>[0]) {
      try {
        return await executeRaw(query);
      } catch (error) {
        if (
          query.args.length === 0 &&
          /more than one statement/i.test(String((error as Error)?.message ?? error))
        ) {
          await adapter.executeScript(query.sql);
          return 0;
        }
        throw error;
      }
    },
  });
}

function sqliteFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const file = url.replace(/^file:/, "");
  const inner = new PrismaBetterSqlite3({ url: file });
  return {
    provider: "sqlite",
    adapterName: inner.adapterName,
    connect: async () => withMultiStatementRetry(await inner.connect()),
    connectToShadowDb: async () =>
      withMultiStatementRetry(await new PrismaBetterSqlite3({ url: ":memory:" }).connect()),
  };
}

// ---------------------------------------------------------------- PostgreSQL

const PG_CHAR = 18;
const PG_TEXT = 25;

/**
 * The engine reads catalog columns of PostgreSQL's internal "char" type, which the adapter cannot
 * map; present them as text.
 */
class CatalogFriendlyClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has many overloads
  override query(...args: any[]): any {
    const patch = (res: pg.QueryResult | undefined) => {
      for (const field of res?.fields ?? []) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
      return res;
    };
    // pg-pool calls query with a callback; direct callers get a promise
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error | null, res: pg.QueryResult) => last(err, err ? res : patch(res));
    }
    // biome-ignore lint/suspicious/noExplicitAny: forwarding the same overloads
    const result = (super.query as any)(...args);
    return result && typeof result.then === "function" ? result.then(patch) : result;
  }
}

/**
 * The adapter's executeScript splits scripts at every `;`, which breaks PL/pgSQL bodies (the
 * ChangeEvent notification trigger). PostgreSQL runs a multi-statement script itself, in one
 * implicit transaction: send it whole.
 */
function withWholeScripts(adapter: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter {
  return Object.assign(Object.create(adapter) as SqlDriverAdapter, {
    async executeScript(script: string) {
      try {
        await pool.query(script);
      } catch (error) {
        // the adapter's own mapping to the error the engine reports
        (adapter as unknown as { onError(e: unknown): never }).onError(error);
      }
    },
  });
}

function pgConfig(url: string, database?: string): pg.PoolConfig {
  // Discrete fields, not a connection string: a connection string would win over the shadow
  // database's name.
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || "localhost",
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || "postgres",
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: database ?? (decodeURIComponent(u.pathname.slice(1)) || "postgres"),
    ssl: u.searchParams.get("sslmode") === "require" ? { rejectUnauthorized: false } : undefined,
    Client: CatalogFriendlyClient,
    max: 4,
  };
}

function postgresFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const schema = postgresSchemaOf(url);
  const main = new PrismaPg(pgConfig(url), { schema });
  return {
    provider: "postgres",
    adapterName: main.adapterName,
    async connect() {
      const pool = new pg.Pool(pgConfig(url));
      return withWholeScripts(
        await new PrismaPg(pool, { schema, disposeExternalPool: true }).connect(),
        pool,
      );
    },
    async connectToShadowDb() {
      const name = `portico_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
      const admin = new pg.Client(pgConfig(url));
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const pool = new pg.Pool(pgConfig(url, name));
      const adapter = withWholeScripts(await new PrismaPg(pool, { schema }).connect(), pool);
      // The adapter's own disposal drops the database while its pool is still connected:
      // end the pool first, then force the drop.
      return Object.assign(Object.create(adapter) as SqlDriverAdapter, {
        async dispose() {
          await pool.end().catch(() => undefined);
          const dropper = new pg.Client(pgConfig(url));
          await dropper.connect();
          await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await dropper.end();
        },
      });
    },
  };
}

export function adapterFactoryFor(url: string): SqlMigrationAwareDriverAdapterFactory {
  return providerOf(url) === "sqlite" ? sqliteFactory(url) : postgresFactory(url);
}

// ---------------------------------------------------------------- the engine

type WasmModule = typeof import("@prisma/schema-engine-wasm");
let wasmModule: Promise<WasmModule> | undefined;

/**
 * The package's ESM entry imports a .wasm file, which Node 20 refuses; instantiate the module
 * ourselves with its JS glue as the import object.
 */
async function loadWasm(): Promise<WasmModule> {
  wasmModule ??= (async () => {
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const glue = (await import(
      /* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(
        path.join(dir, "schema_engine_bg.js"),
      ).href
    )) as WasmModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = readFileSync(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return wasmModule;
}

export interface EngineHandle {
  engine: SchemaEngine;
  /** Frees the engine and closes every connection it opened (freeing alone leaves them open). */
  close(): Promise<void>;
}

/** Opens the schema engine against a database, with an optional schema (its files) as its datamodel. */
export async function openSchemaEngine(
  url: string,
  schema?: ReadonlyArray<{ path: string; content: string }>,
): Promise<EngineHandle> {
  const wasm = await loadWasm();
  const raw = adapterFactoryFor(url);
  const opened: SqlDriverAdapter[] = [];
  const track = async (adapter: Promise<SqlDriverAdapter>) => {
    const a = await adapter;
    opened.push(a);
    return a;
  };
  const factory = bindMigrationAwareSqlAdapterFactory({
    ...raw,
    connect: () => track(raw.connect()),
    connectToShadowDb: () => track(raw.connectToShadowDb()),
  });
  const engine = await wasm.SchemaEngine.new(
    { datamodels: schema?.map((file): [string, string] => [file.path, file.content]) },
    () => undefined,
    factory,
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.allSettled(opened.map((a) => a.dispose()));
    },
  };
}
