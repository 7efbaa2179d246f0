import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "./fixtures";
import { startPublisherApi } from "./publisher-server";

// The test environment allows 127.0.0.1 (PORTICO_BACKEND_ALLOW, vitest.config.ts), as a demo
// installation allows its sample backend; everything else loopback is refused, as by default.
describe.each<Provider>(["sqlite", "postgresql"])("on %s", (provider) => {
  let api: Awaited<ReturnType<typeof startPublisherApi>>;

  beforeAll(async () => {
    api = await startPublisherApi({ pat: ["publisher"] }, { provider });
  });
  afterAll(() => api.close());

  let n = 0;
  const spec = (endpoints: Record<string, unknown>) => {
    n++;
    return {
      name: `Egress${n}`,
      version: "1.0.0",
      context: `/egress${n}`,
      endpoints,
      resources: [{ method: "GET", path: "/x" }],
    };
  };

  describe("endpoint egress policy at save time", () => {
    it.each([
      [
        "cloud metadata",
        { production: "http://169.254.169.254/latest/meta-data" },
        "endpoints.production",
        "metadata",
      ],
      [
        "metadata by name",
        { production: "http://metadata.google.internal/computeMetadata/v1" },
        "endpoints.production",
        "metadata",
      ],
      ["IPv6 metadata", { production: "http://[fd00:ec2::254]/" }, "endpoints.production", "metadata"],
      ["link-local", { production: "http://[fe80::1]:8080/x" }, "endpoints.production", "link-local"],
      [
        "another loopback address",
        { production: "http://127.0.0.2:8080/x" },
        "endpoints.production",
        "loopback",
      ],
      [
        "IPv4-mapped loopback",
        { production: "http://[::ffff:127.0.0.3]/x" },
        "endpoints.production",
        "loopback",
      ],
      ["IPv6 loopback", { production: "http://[::1]:9000/x" }, "endpoints.production", "loopback"],
      [
        "the unspecified address",
        { production: "http://0.0.0.0:9000/x" },
        "endpoints.production",
        "loopback",
      ],
      [
        "a *.localhost name at the gateway's port",
        { production: "http://api.localhost:8243/x" },
        "endpoints.production",
        "gateway itself",
      ],
      [
        "the gateway's own HTTP listener",
        { production: "http://localhost:8280/x" },
        "endpoints.production",
        "gateway itself",
      ],
      [
        "the gateway's own HTTPS listener",
        { production: "https://127.0.0.1:8243/x" },
        "endpoints.production",
        "gateway itself",
      ],
      [
        "a failover",
        {
          production: "http://10.0.0.1/x",
          productionFailovers: ["http://10.0.0.2/x", "http://169.254.1.1/x"],
        },
        "endpoints.productionFailovers.1",
        "link-local",
      ],
      [
        "a sandbox",
        { production: "http://10.0.0.1/x", sandbox: "http://[::1]/x" },
        "endpoints.sandbox",
        "loopback",
      ],
    ])("refuses %s with 400 naming the endpoint, creating nothing", async (_name, endpoints, field, why) => {
      const before = await api.db.api.count();
      const res = await api.call("POST", "/apis", "pat", spec(endpoints));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("VALIDATION_FAILED");
      expect(res.body.details.fields).toHaveLength(1);
      expect(res.body.details.fields[0].field).toBe(field);
      expect(res.body.details.fields[0].message).toContain(why);
      expect(await api.db.api.count()).toBe(before);
    });

    it("accepts allowed and ordinary endpoints, and checks updates too, changing nothing when refused", async () => {
      const created = await api.call(
        "POST",
        "/apis",
        "pat",
        spec({ production: "http://127.0.0.1:9/x", productionFailovers: ["http://10.0.0.9:8080/x"] }),
      );
      expect(created.status).toBe(201);
      const id = created.body.id;
      const refused = await api.call("PUT", `/apis/${id}`, "pat", {
        endpoints: { production: "http://169.254.169.254/latest" },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.details.fields[0].field).toBe("endpoints.production");
      const row = await api.db.api.findUniqueOrThrow({ where: { id } });
      expect(row.productionEndpoint).toBe("http://127.0.0.1:9/x");
      expect(row.productionFailovers).toEqual(["http://10.0.0.9:8080/x"]);
    });

    it("checks the server of an imported OpenAPI document", async () => {
      const before = await api.db.api.count();
      const res = await api.call("POST", "/apis/import-openapi", "pat", {
        document: JSON.stringify({
          openapi: "3.0.3",
          info: { title: "Imds", version: "1.0.0" },
          servers: [{ url: "http://169.254.169.254/latest" }],
          paths: { "/meta-data": { get: { responses: { "200": { description: "ok" } } } } },
        }),
        context: "/imds",
      });
      expect(res.status).toBe(400);
      expect(res.body.details.fields[0].field).toBe("endpoints.production");
      expect(await api.db.api.count()).toBe(before);
    });
  });
});
