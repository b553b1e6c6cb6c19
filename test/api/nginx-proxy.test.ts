/**
 * A real nginx in front of billet with BILLET_TRUST_PROXY=1, configured as the README says:
 * clients behind it get their own IPs, and a client forging X-Forwarded-For cannot escape the
 * per-IP failed-login lock. Debian's nginx package (`apt-get install nginx`); skipped with a
 * message when it is absent.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { failedLogin, failureIps } from "../helpers/client-ip-helpers.ts";
import { type Account, provisionAccount, startTestServer, type TestServer } from "../helpers/helpers.ts";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const available = existsSync(NGINX);
if (!available) console.warn(`nginx proxy test skipped: no nginx at ${NGINX} (apt-get install nginx)`);

const LIMIT = 3;

/** A port nobody listens on right now. */
function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

/** The README's nginx snippet, in a configuration of its own: own prefix, pid file, logs. */
function nginxConfig(dir: string, port: number, upstreamPort: number): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
}

describe.skipIf(!available)("billet behind a real nginx (BILLET_TRUST_PROXY=1)", () => {
  let t: TestServer;
  let account: Account;
  let dir: string;
  let nginx: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    t = await startTestServer({
      config: {
        // Exactly what an operator writes in the environment.
        trustProxy: loadConfig({ BILLET_TRUST_PROXY: "1" }).trustProxy,
        ipFailureLimit: LIMIT,
        lockoutThreshold: 0,
      },
    });
    account = await provisionAccount(t.deps);
    dir = mkdtempSync(join(tmpdir(), "billet-nginx-"));
    // nginx's workers may run as another user than the master: let them into the folder.
    chmodSync(dir, 0o755);
    port = await sparePort();
    writeFileSync(join(dir, "nginx.conf"), nginxConfig(dir, port, Number(new URL(t.server.url).port)));
    // -e: the error log from the very start (before the configuration is read), -p: the prefix.
    nginx = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], {
      stdio: "ignore",
    });
    const exited = new Promise<never>((_resolve, reject) =>
      nginx?.once("exit", (code) => reject(new Error(`nginx exited (${code}): ${readLog(dir)}`))),
    );
    const started = (async () => {
      for (let i = 0; i < 100 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 50));
      if (!(await accepts(port))) throw new Error(`nginx does not listen on ${port}: ${readLog(dir)}`);
    })();
    await Promise.race([started, exited]);
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const stopped = new Promise((resolve) => nginx?.once("exit", resolve));
      nginx.kill("SIGQUIT");
      await stopped;
    }
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("gives two clients behind nginx their own client IPs", async () => {
    expect(await failedLogin(port, account, { localAddress: "127.0.0.2" })).toEqual(["BDC_1101"]);
    expect(await failedLogin(port, account, { localAddress: "127.0.0.3" })).toEqual(["BDC_1101"]);
    expect(await failureIps(t)).toEqual(["127.0.0.2", "127.0.0.3"]);
  });

  it("locks a client that rotates a forged X-Forwarded-For through nginx", async () => {
    const forged = (i: number) => ({
      localAddress: "127.0.0.4",
      headers: { "x-forwarded-for": `203.0.113.${i}` },
    });
    for (let i = 0; i < LIMIT; i++) expect(await failedLogin(port, account, forged(i))).toEqual(["BDC_1101"]);
    expect(await failedLogin(port, account, forged(99))).toEqual(["BDC_1110"]);
    // Another client behind the same nginx is not locked with it.
    expect(await failedLogin(port, account, { localAddress: "127.0.0.5" })).toEqual(["BDC_1101"]);
    const ips = await failureIps(t);
    expect(ips.filter((ip) => ip === "127.0.0.4")).toHaveLength(LIMIT + 1);
    expect(ips.filter((ip) => ip?.startsWith("203.0.113."))).toEqual([]);
  });
});

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, "error.log"), "utf8").trim().split("\n").slice(-3).join(" | ");
  } catch {
    return "no error log";
  }
}
