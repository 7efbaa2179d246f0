import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { BackendEgressPolicy, loadSettings, type SettingsError } from "../src/index";

const code = (policy: BackendEgressPolicy, address: string, port = 80) => policy.refusal(address, port)?.code;

describe("BackendEgressPolicy", () => {
  const closed = new BackendEgressPolicy(undefined, [8243, 8280]);

  it("refuses loopback, unspecified, link-local and metadata addresses by default; allows the rest", () => {
    for (const a of ["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::"])
      expect(code(closed, a), a).toBe("loopback");
    for (const a of ["169.254.1.1", "fe80::1", "FE80::abcd"]) expect(code(closed, a), a).toBe("link_local");
    for (const a of ["169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254", "100.100.100.200"])
      expect(code(closed, a), a).toBe("metadata");
    for (const a of ["10.1.2.3", "192.168.0.10", "203.0.113.9", "2001:db8::1", "fd00::1"])
      expect(code(closed, a), a).toBeUndefined();
  });

  it("treats this host's own interface addresses as loopback", () => {
    const own = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === "IPv4")?.address;
    if (own === undefined) return; // a host with loopback only: nothing else to check
    expect(code(closed, own, 9443)).toBe("loopback");
    expect(code(closed, own, 8243)).toBe("own_listener");
    expect(code(new BackendEgressPolicy(`${own}:9443`), own, 9443)).toBeUndefined();
  });

  it("allows what PORTICO_BACKEND_ALLOW lists, on its port when it names one", () => {
    const demo = new BackendEgressPolicy("127.0.0.1:8181, 169.254.10.0/24, [::1]:9000", [8243, 8280]);
    expect(code(demo, "127.0.0.1", 8181)).toBeUndefined();
    expect(code(demo, "127.0.0.1", 9443)).toBe("loopback");
    expect(code(demo, "127.0.0.2", 8181)).toBe("loopback");
    expect(code(demo, "::1", 9000)).toBeUndefined();
    expect(code(demo, "169.254.10.7")).toBeUndefined();
    expect(code(demo, "169.254.11.7")).toBe("link_local");
  });

  it("never allows the gateway's own listeners, nor metadata through a block around it", () => {
    const open = new BackendEgressPolicy("127.0.0.0/8, 169.254.0.0/16", [8243, 8280]);
    expect(code(open, "127.0.0.1", 8280)).toBe("own_listener");
    expect(code(open, "127.0.0.5", 8243)).toBe("own_listener");
    expect(code(open, "127.0.0.1", 8281)).toBeUndefined();
    expect(code(open, "169.254.169.254")).toBe("metadata");
    expect(code(new BackendEgressPolicy("169.254.169.254"), "169.254.169.254")).toBeUndefined();
  });

  it("judges names it can without DNS, and asks for resolution of the rest", () => {
    expect((closed.refusalOfName("localhost", 80) as { code: string }).code).toBe("loopback");
    expect((closed.refusalOfName("api.localhost", 80) as { code: string }).code).toBe("loopback");
    expect((closed.refusalOfName("metadata.google.internal", 80) as { code: string }).code).toBe("metadata");
    expect((closed.refusalOfName("[fe80::1]", 80) as { code: string }).code).toBe("link_local");
    expect(closed.refusalOfName("backend.example", 80)).toBe("resolve");
    expect(closed.refusalOfName("10.0.0.1", 80)).toBeUndefined();
  });
});

describe("PORTICO_BACKEND_ALLOW", () => {
  it("takes addresses and blocks with optional ports", () => {
    const value = "127.0.0.1:8181, 10.0.0.0/8, [::1]:8181, fd00::/8";
    expect(loadSettings({ PORTICO_BACKEND_ALLOW: value }).PORTICO_BACKEND_ALLOW).toBe(value);
  });

  it("refuses anything else, naming the setting", () => {
    for (const value of ["localhost:8181", "127.0.0.1:0", "127.0.0.1:70000", "10.0.0.0/33", "::1:8181x"]) {
      try {
        loadSettings({ PORTICO_BACKEND_ALLOW: value });
        expect.unreachable(value);
      } catch (error) {
        expect((error as SettingsError).setting).toBe("PORTICO_BACKEND_ALLOW");
      }
    }
  });
});
