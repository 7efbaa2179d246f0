// Certificates for the RFC 8705 tests, made by openssl: a client CA, client certificates it
// issues, one from another CA with the same subject, and self-signed ones.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface TestCertificate {
  pem: string;
  key: string;
  /** base64url SHA-256 of the DER certificate (`x5t#S256`) */
  thumbprint: string;
  certFile: string;
  keyFile: string;
}

export class CertificateWorkshop {
  readonly dir = mkdtempSync(path.join(tmpdir(), "portico-mtls-"));

  private openssl(args: string[]): Buffer {
    return execFileSync("openssl", args, { cwd: this.dir, stdio: ["ignore", "pipe", "pipe"] });
  }

  private read(name: string): TestCertificate {
    const certFile = path.join(this.dir, `${name}.pem`);
    const keyFile = path.join(this.dir, `${name}.key`);
    const der = this.openssl(["x509", "-in", certFile, "-outform", "DER"]);
    return {
      pem: readFileSync(certFile, "utf8"),
      key: readFileSync(keyFile, "utf8"),
      thumbprint: createHash("sha256").update(der).digest("base64url"),
      certFile,
      keyFile,
    };
  }

  private newKey(name: string) {
    this.openssl([
      "genpkey",
      "-algorithm",
      "EC",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-out",
      `${name}.key`,
    ]);
  }

  /** A CA certificate (self-signed, basicConstraints CA:true). */
  authority(name: string): TestCertificate {
    this.newKey(name);
    this.openssl(
      [
        "req",
        "-x509",
        "-new",
        "-key",
        `${name}.key`,
        "-out",
        `${name}.pem`,
        "-days",
        "2",
        "-subj",
        `/CN=${name}`,
      ].concat(["-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign"]),
    );
    return this.read(name);
  }

  /** A client certificate for `subject` (`/O=Example/CN=orders`) issued by `ca`. */
  issued(name: string, subject: string, ca: string): TestCertificate {
    this.newKey(name);
    this.openssl(["req", "-new", "-key", `${name}.key`, "-out", `${name}.csr`, "-subj", subject]);
    this.openssl(
      [
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        `${ca}.pem`,
        "-CAkey",
        `${ca}.key`,
        "-CAcreateserial",
      ].concat(["-out", `${name}.pem`, "-days", "1"]),
    );
    return this.read(name);
  }

  selfSigned(name: string, subject: string): TestCertificate {
    this.newKey(name);
    this.openssl([
      "req",
      "-x509",
      "-new",
      "-key",
      `${name}.key`,
      "-out",
      `${name}.pem`,
      "-days",
      "1",
      "-subj",
      subject,
    ]);
    return this.read(name);
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
