import { describe, expect, it } from "vitest";
import { loadSettings, SettingsError } from "../src/index";

describe("loadSettings", () => {
  it("gives the design's defaults on an empty environment", () => {
    const s = loadSettings({});
    expect(s.databaseProvider).toBe("sqlite");
    expect(s.databaseUrl).toMatch(/^file:.*\.data\/portico\.db$/);
    expect(s.PORTICO_ISSUER).toBe("https://localhost:9443");
    expect(s.publisherUrl).toBe("http://localhost:3000");
    expect(s.devportalUrl).toBe("http://localhost:3001");
    expect(s.gatewayUrl).toBe("https://localhost:8243");
    expect(s.PORTICO_TLS_MIN_VERSION).toBe("TLSv1.2");
    // the gateway's metrics are for this machine only until an operator says otherwise
    expect(s.PORTICO_GATEWAY_METRICS_ALLOW).toBe("127.0.0.1,::1");
    expect(s.PORTICO_MIGRATION_PG_URL).toBe("postgresql://postgres@127.0.0.1:5432/postgres");
  });

  it("chooses PostgreSQL for a postgresql:// URL", () => {
    expect(loadSettings({ DATABASE_URL: "postgresql://127.0.0.1:5432/test" }).databaseProvider).toBe(
      "postgresql",
    );
  });

  it.each([
    ["DATABASE_URL", "mysql://localhost/x"],
    ["REDIS_URL", "http://localhost:6379"],
    ["PORTICO_MASTER_KEY", "short"],
    ["PORTICO_ADMIN_PASSWORD", "tooshort"],
    ["PORTICO_ISSUER", "not a url"],
    ["PORTICO_TLS_MIN_VERSION", "TLSv1.0"],
    ["PORTICO_GATEWAY_HTTPS_PORT", "70000"],
    ["PORTICO_KEYMANAGER_PORT", "abc"],
    ["PORTICO_GATEWAY_METRICS_ALLOW", "10.0.0.0/33"],
    ["PORTICO_GATEWAY_METRICS_ALLOW", "127.0.0.1,monitoring.example"],
    ["PORTICO_MIGRATION_PG_URL", "file:/tmp/scratch.db"],
  ])("refuses a malformed %s with an error naming it", (name, value) => {
    try {
      loadSettings({ [name]: value });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).setting).toBe(name);
      expect((error as Error).message.startsWith(`${name}: `)).toBe(true);
    }
  });

  it("needs the TLS certificate and key together, the listeners' and the backend client's", () => {
    expect(() => loadSettings({ PORTICO_TLS_CERT: "/tmp/cert.pem" })).toThrow(/PORTICO_TLS_KEY/);
    try {
      loadSettings({ PORTICO_BACKEND_CLIENT_KEY: "/tmp/key.pem" });
      expect.unreachable();
    } catch (error) {
      expect((error as SettingsError).setting).toBe("PORTICO_BACKEND_CLIENT_CERT");
    }
  });

  it("accepts addresses and CIDR blocks of both families for the metrics allow-list", () => {
    const allow = "10.0.0.0/8, 192.168.1.7,fd00::/8,::1";
    expect(loadSettings({ PORTICO_GATEWAY_METRICS_ALLOW: allow }).PORTICO_GATEWAY_METRICS_ALLOW).toBe(allow);
  });

  it("accepts a rotation list of master keys", () => {
    const k = Buffer.alloc(32, 1).toString("base64");
    const h = Buffer.alloc(32, 2).toString("hex");
    expect(loadSettings({ PORTICO_MASTER_KEY: `${k},${h}` }).PORTICO_MASTER_KEY).toBe(`${k},${h}`);
  });
});
