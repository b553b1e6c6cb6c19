import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDuration } from "./commands/clock.ts";
import { cliFor, json, login, runCli, sessionCheck, startServe, tempFolder } from "./test-support.ts";

describe("parseDuration", () => {
  it("reads the forms people type", () => {
    expect(parseDuration("35m")).toBe(35 * 60_000);
    expect(parseDuration("1h30m")).toBe(90 * 60_000);
    expect(parseDuration("2d")).toBe(2 * 86_400_000);
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("120")).toBe(120_000);
    expect(parseDuration("-5m")).toBe(-300_000);
    expect(() => parseDuration("soon")).toThrow(/Expected a duration/);
  });
});

describe("billet clock", () => {
  it("moves a running sandbox server's clock: a session expires without waiting", async () => {
    const folder = tempFolder();
    const database = join(folder, "billet.db");
    const served = await startServe(["--database", database]);
    expect(served.banner()).toMatch(/Operator token .* shown once/);
    const demo = JSON.parse(readFileSync(join(folder, "demo-credentials.json"), "utf8"));
    const { username, password, organizationId, devKey } = demo;
    const sessionId = String(
      (await login(served.url, { username, password, organizationId, devKey })).body.sessionId,
    );
    const billet = cliFor(database);

    const before = await json<{ epochMs: number }>(billet("clock", "show", "--url", served.url, "--json"));
    const moved = await json<{ epochMs: number }>(
      billet("clock", "advance", "35m", "--url", served.url, "--json"),
    );
    expect(moved.epochMs - before.epochMs).toBeGreaterThanOrEqual(35 * 60_000);
    expect(moved.epochMs - before.epochMs).toBeLessThan(36 * 60_000);
    const res = await sessionCheck(served.url, demo.devKey, sessionId);
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).toContain("BDC_1109");

    const human = await billet("clock", "advance", "1h", "--url", served.url);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^clock advanced by 3600000 ms: now \d{4}-/);

    // Frozen at a time, moved while frozen, back is refused without --backwards, then reset.
    const frozen = await billet("clock", "freeze", "2030-01-01T00:00:00Z", "--url", served.url);
    expect(frozen).toMatchObject({ code: 0, stdout: "clock frozen at 2030-01-01T00:00:00.000+00:00\n" });
    const later = await billet("clock", "advance", "90s", "--url", served.url);
    expect(later.stdout).toBe("clock advanced by 90000 ms: now 2030-01-01T00:01:30.000+00:00 (frozen)\n");
    const back = await billet("clock", "set", "2029-12-31T00:00:00Z", "--url", served.url);
    expect(back.code).toBe(1);
    expect(back.stderr).toMatch(/BDC_9015.*backwards: true/);
    // A negative duration goes after `--` (cliFor would add --database after it).
    const backAllowed = await runCli([
      ...["clock", "advance", "--backwards", "--url", served.url, "--database", database],
      ...["--", "-90s"],
    ]);
    expect(backAllowed.stdout).toBe(
      "clock advanced by -90000 ms: now 2030-01-01T00:00:00.000+00:00 (frozen)\n",
    );
    const running = await json<{ frozen: boolean }>(
      billet("clock", "unfreeze", "--url", served.url, "--json"),
    );
    expect(running.frozen).toBe(false);
    const reset = await json<{ epochMs: number; frozen: boolean }>(
      billet("clock", "reset", "--url", served.url, "--json"),
    );
    expect(reset.frozen).toBe(false);
    expect(Math.abs(reset.epochMs - Date.now())).toBeLessThan(10_000);
  });

  it("talks to a separate operator listener (--operator-port), which the public one does not serve", async () => {
    const folder = tempFolder();
    const database = join(folder, "billet.db");
    const served = await startServe(["--database", database, "--no-demo", "--json", "--operator-port", "0"]);
    const report = JSON.parse(served.stdout().trim());
    expect(report.url).toBe(served.url);
    expect(report.operatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(report.operatorUrl).not.toBe(served.url);
    const token = String(report.operator.token);
    const shown = await json<{ epochMs: number }>(
      runCli(["clock", "show", "--url", report.operatorUrl, "--token", token, "--json"]),
    );
    expect(shown.epochMs).toEqual(expect.any(Number));
    const publicOne = await runCli(["clock", "show", "--url", served.url, "--token", token]);
    expect(publicOne.code).toBe(1);
    expect(publicOne.stderr).toMatch(/API not supported/);
    // Without --url, the command finds the operator listener the environment names.
    const port = new URL(report.operatorUrl).port;
    const byEnv = await runCli(["clock", "show", "--token", token], {
      PORT: "1",
      BILLET_OPERATOR_PORT: port,
    });
    expect(byEnv).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d{4}-/) });
  });

  it("explains a refusal: no token, a wrong one, or a server in service mode", async () => {
    const folder = tempFolder();
    const database = join(folder, "billet.db");
    const noToken = await runCli(["clock", "show", "--database", database, "--url", "http://127.0.0.1:9"]);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/no operator token: pass --token or set BILLET_OPERATOR_TOKEN/);

    const token = "service-operator-token-0123456789";
    const served = await startServe(["--database", database, "--mode", "service", "--operator-token", token]);
    expect(served.banner()).toMatch(/service mode/);
    const wrong = await runCli(["clock", "show", "--url", served.url, "--token", "wrong-token-0123456789"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Operator token is missing or invalid/);
    const refused = await runCli(["clock", "advance", "5m", "--url", served.url], {
      BILLET_OPERATOR_TOKEN: token,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/sandbox mode only/);
  });
});
