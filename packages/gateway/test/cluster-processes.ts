// The processes of the scale-out topology: a child that says when it serves, and nginx's
// configuration as the balancer in front of the gateways and the key managers.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

/** A child process that prints `ready` on stdout once it serves; its output kept for failures. */
export class Service {
  child: ChildProcess | undefined;
  output = "";
  constructor(
    readonly name: string,
    private readonly argv: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly ready: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(this.argv[0] ?? "", this.argv.slice(1), {
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const seen = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name} did not start:\n${this.output}`)),
        60_000,
      );
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes(this.ready)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", (c: Buffer) => {
        this.output += c.toString();
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code}):\n${this.output}`));
      });
    });
    await seen;
  }

  /** Stops it with `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill(signal);
    await exited;
  }
}

/** nginx.conf for the balancer: plain HTTP in front of the gateways, HTTPS in front of the key managers. */
export function nginxConfig(
  dir: string,
  ports: { gateway: number[]; keyManager: number[]; lbGateway: number; lbKeyManager: number },
) {
  return `worker_processes 1;
error_log ${dir}/nginx-error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/nginx-body;
  proxy_temp_path ${dir}/nginx-proxy;
  fastcgi_temp_path ${dir}/nginx-fastcgi;
  uwsgi_temp_path ${dir}/nginx-uwsgi;
  scgi_temp_path ${dir}/nginx-scgi;
  upstream gateways {
${ports.gateway.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join("\n")}
    keepalive 32;
  }
  upstream keymanagers {
${ports.keyManager.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join("\n")}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${ports.lbGateway};
    location / {
      proxy_pass http://gateways;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_connect_timeout 1s;
      # a gateway that is gone (refused or reset) is retried on the other one
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
    }
  }
  server {
    listen 127.0.0.1:${ports.lbKeyManager} ssl;
    ssl_certificate ${dir}/tls/server.pem;
    ssl_certificate_key ${dir}/tls/server-key.pem;
    location / {
      proxy_pass https://keymanagers;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_ssl_trusted_certificate ${dir}/tls/ca.pem;
      proxy_ssl_verify on;
      proxy_ssl_name localhost;
      proxy_ssl_server_name on;
      proxy_connect_timeout 1s;
      proxy_next_upstream error timeout;
    }
  }
}
`;
}
