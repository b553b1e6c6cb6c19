import { execFile } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, type Served, startServe, tempFolder } from "./test-support.ts";

/** Runs a shell command line, as a person pasting it would. */
function shell(line: string): Promise<string> {
  return new Promise((done, failed) =>
    execFile("sh", ["-c", line], { timeout: 10_000 }, (error, stdout) =>
      error ? failed(error) : done(stdout),
    ),
  );
}

async function stop(server: Served) {
  server.child.kill("SIGTERM");
  return server.exited;
}

describe("billet serve", { timeout: 60_000 }, () => {
  it("on first run prints the demo credentials once with a working curl login, and saves them 0600", async () => {
    const folder = tempFolder();
    const database = join(folder, "data", "billet.db");
    const first = await startServe(["--database", database]);
    const out = first.banner();
    expect(out).toContain("First run: created a demo account. These credentials are shown once:");
    expect(out).toContain(`billet listening on ${first.url}`);

    const file = join(folder, "data", "demo-credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved).toMatchObject({
      organizationId: expect.stringMatching(/^00801/),
      userId: expect.stringMatching(/^00601/),
      username: expect.stringMatching(/@demo\.billet\.test$/),
      password: expect.any(String),
      devKey: expect.any(String),
    });
    for (const field of ["organizationId", "username", "password", "devKey"]) {
      expect(out).toContain(`  ${field.padEnd(16)}${saved[field]}`);
    }
    expect(out).toContain(`Saved to ${file} (readable by you only).`);

    const curl = /^\s*(curl .*)$/m.exec(out)?.[1] ?? "";
    expect(curl).toContain(`'${first.url}/connect/v3/login'`);
    expect(curl).toContain("-H 'Content-Type: application/json'");
    const body = JSON.parse(await shell(curl));
    expect(body).toMatchObject({ sessionId: expect.any(String), organizationId: saved.organizationId });

    expect(await stop(first)).toEqual({ code: 0, signal: null });

    const second = await startServe(["--database", database], { env: { LOG_LEVEL: "info" } });
    expect(second.banner()).toBe(`billet listening on ${second.url} (sandbox mode)\n`);
    expect(second.banner() + second.stdout()).not.toContain(saved.password);
    // Standard output is for machines: JSON log lines only, the banner is on standard error.
    await fetch(`${second.url}/health/live`);
    const lines = second
      .stdout()
      .split("\n")
      .filter((line) => line !== "");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(JSON.parse(line)).toEqual(expect.objectContaining({ level: expect.any(Number) }));
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(saved);
    expect(await stop(second)).toEqual({ code: 0, signal: null });
  });

  it("--log-format pretty writes readable lines on stdout; the default off a terminal is JSON", async () => {
    const pretty = await startServe(["--database", ":memory:", "--no-demo", "--log-format", "pretty"], {
      env: { LOG_LEVEL: "info" },
    });
    await fetch(`${pretty.url}/health/live`);
    await expect.poll(() => pretty.stdout()).toMatch(/INFO: Server listening at http:\/\/127\.0\.0\.1:\d+/);
    expect(pretty.stdout()).not.toMatch(/^\{/m);
    expect(await stop(pretty)).toEqual({ code: 0, signal: null });

    const refused = await runCli(["serve", "--port", "0", "--log-format", "colourful"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("colourful");
  });

  it("exits 0 on SIGTERM with a connection open, and sessions survive the restart", async () => {
    const database = join(tempFolder(), "billet.db");
    const server = await startServe(["--database", database, "--json"]);
    const report = JSON.parse(server.stdout().split("\n")[0] ?? "");
    const { username, password, organizationId, devKey } = report.demo.credentials;
    const login = await fetch(`${server.url}/connect/v3/login`, {
      method: "POST",
      headers: { "content-type": "application/json", connection: "keep-alive" },
      body: JSON.stringify({ username, password, organizationId, devKey }),
    });
    const { sessionId } = (await login.json()) as { sessionId: string };
    expect(await stop(server)).toEqual({ code: 0, signal: null });

    const again = await startServe(["--database", database]);
    const check = await fetch(`${again.url}/connect/v3/login/session`, { headers: { devKey, sessionId } });
    expect(check.status).toBe(200);
    again.child.kill("SIGINT");
    expect(await again.exited).toEqual({ code: 0, signal: null });
  });

  it("--json prints one startup line; --no-demo and BILLET_DEMO=false create nothing", async () => {
    const folder = tempFolder();
    const [flag, env] = await Promise.all([
      startServe(["--database", join(folder, "a.db"), "--json", "--no-demo"]),
      startServe(["--database", join(folder, "b.db"), "--json"], { env: { BILLET_DEMO: "false" } }),
    ]);
    for (const server of [flag, env]) {
      const report = JSON.parse(server.stdout().trim());
      expect(report).toEqual({
        url: server.url,
        operatorUrl: server.url,
        mode: "sandbox",
        operator: {
          token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          file: expect.stringMatching(/operator-token$/),
        },
      });
      expect(report.demo).toBeUndefined();
    }
    expect(existsSync(join(folder, "demo-credentials.json"))).toBe(false);
  });

  it("does not save credentials for an in-memory database", async () => {
    const server = await startServe(["--database", ":memory:"]);
    expect(server.banner()).toContain("Not saved (in-memory database).");
    expect(server.banner()).toMatch(/^\s*curl /m);
  });

  it("fails with one line for a bad port, a bad environment or a busy port", async () => {
    const busy = await startServe(["--database", ":memory:", "--no-demo"]);
    const port = new URL(busy.url).port;
    const [flag, env, taken] = await Promise.all([
      runCli(["serve", "--port", "70000", "--database", ":memory:"]),
      runCli(["serve", "--database", ":memory:"], { PORT: "abc" }),
      runCli(["serve", "--port", port, "--database", ":memory:", "--no-demo"], { LOG_LEVEL: "silent" }),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: option '--port <n>' argument '70000' is invalid\./);
    expect(env).toMatchObject({ code: 1, stdout: "" });
    expect(env.stderr).toBe(
      'billet: invalid configuration:\n  - PORT must be a whole number from 0 to 65535 (got "abc")\n',
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/^billet: listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+\n$/);
  });

  it("refuses to trust every proxy, as a flag or in the environment, saying what to give instead", async () => {
    const [flag, env] = await Promise.all([
      runCli(["serve", "--trust-proxy", "true", "--database", ":memory:"]),
      runCli(["serve", "--database", ":memory:"], { BILLET_TRUST_PROXY: "yes" }),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(
      /^error: option '--trust-proxy <hops\|addresses>' argument 'true' is invalid\. --trust-proxy must name what is trusted, not "true": .*number of proxies in front of billet \(e\.g\. 1\)/,
    );
    expect(env).toMatchObject({ code: 1, stdout: "" });
    expect(env.stderr).toMatch(
      /^billet: invalid configuration:\n {2}- BILLET_TRUST_PROXY must name what is trusted, not "yes": /,
    );
  });
});
