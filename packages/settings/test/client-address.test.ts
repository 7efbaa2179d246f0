import { describe, expect, it } from "vitest";
import { AddressList, clientAddress, loadSettings, type SettingsError } from "../src/index";

const none = new AddressList(undefined);
const proxies = new AddressList("10.0.0.0/8, fd00::/8, 192.0.2.1");

describe("clientAddress", () => {
  it("is the connection's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", proxies)).toBe("203.0.113.9");
  });

  it("walks X-Forwarded-For from the right past trusted proxies, never believing what the client wrote", () => {
    // the client forged 1.2.3.4; its real address is the one the first trusted proxy appended
    expect(clientAddress("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.1.1.1", proxies)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:10.0.0.5", ["1.2.3.4", "203.0.113.9"], proxies)).toBe("203.0.113.9");
    expect(clientAddress("fd00::1", "2001:db8::7", proxies)).toBe("2001:db8::7");
    expect(clientAddress("192.0.2.1", "[2001:db8::7]:4711, 198.51.100.2:80", proxies)).toBe("198.51.100.2");
  });

  it("takes the leftmost hop when all are trusted, the proxy itself when the header is missing", () => {
    expect(clientAddress("10.0.0.5", "10.2.2.2, 10.1.1.1", proxies)).toBe("10.2.2.2");
    expect(clientAddress("10.0.0.5", undefined, proxies)).toBe("10.0.0.5");
  });

  it("stops at an entry that is not an address, at the hop that wrote it", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.9, unknown, 10.1.1.1", proxies)).toBe("10.1.1.1");
  });

  it("without a known peer (the portals), takes the header's last hop as the peer", () => {
    expect(clientAddress(undefined, "198.51.100.2", none)).toBe("198.51.100.2");
    expect(clientAddress(undefined, "1.2.3.4, 203.0.113.9", none)).toBe("203.0.113.9");
    expect(clientAddress(undefined, "1.2.3.4, 203.0.113.9, 10.1.1.1", proxies)).toBe("203.0.113.9");
    expect(clientAddress(undefined, null, none)).toBe("unknown");
  });
});

describe("PORTICO_TRUSTED_PROXIES", () => {
  it("is none by default and takes addresses and CIDR blocks of both families", () => {
    expect(loadSettings({}).PORTICO_TRUSTED_PROXIES).toBeUndefined();
    expect(loadSettings({ PORTICO_TRUSTED_PROXIES: "10.0.0.0/8, ::1" }).PORTICO_TRUSTED_PROXIES).toBe(
      "10.0.0.0/8, ::1",
    );
  });

  it("refuses anything else, naming the setting", () => {
    for (const value of ["proxy.internal", "10.0.0.0/40", "10.0.0.1,"]) {
      try {
        loadSettings({ PORTICO_TRUSTED_PROXIES: value });
        expect.unreachable(value);
      } catch (error) {
        expect((error as SettingsError).setting).toBe("PORTICO_TRUSTED_PROXIES");
      }
    }
  });
});
