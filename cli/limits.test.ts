import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clockHour } from "../src/auth/limits/limits.ts";
import { formatTimestamp } from "../src/clock.ts";
import { openStores } from "../src/stores/open-stores.ts";
import { json, login, runCli, startServe, tempFolder } from "./test-support.ts";

const ORG = "00801LIMITSLIMITSLIM";
const KEY = "limits-key-0123456789abcdef";
const PASSWORD = "correct horse battery";

/** A database with one organization, one user and the devKey KEY; returns its path and the key's id. */
async function seeded(): Promise<{ database: string; devKeyId: string }> {
  const folder = tempFolder();
  const database = join(folder, "billet.db");
  const file = join(folder, "seed.json");
  writeFileSync(
    file,
    JSON.stringify({
      organizations: [{ id: ORG, name: "Limits" }],
      users: [{ email: "ann@limits.test", password: PASSWORD, memberships: [{ organization: ORG }] }],
      devKeys: [{ name: "ci", key: KEY }],
    }),
  );
  const report = await json<{ created: { kind: string; id: string }[] }>(
    runCli(["seed", "--file", file, "--database", database, "--json"]),
  );
  const devKeyId = report.created.find((c) => c.kind === "devKey")?.id ?? "";
  return { database, devKeyId };
}

interface Report {
  devKeyId: string;
  devKeyName: string;
  hourlyRequests: { limit: number; used: number; remaining: number; resetTime: string } | null;
  hourlyLogins: { limit: number; used: number; remaining: number; resetTime: string } | null;
  inFlight: { limit: number; organizations: { organizationId: string; held: number }[] } | null;
}

describe("billet limits", { timeout: 60_000 }, () => {
  it("shows a devKey's hourly budgets and requests in flight as the store holds them", async () => {
    const { database, devKeyId } = await seeded();
    // What a server writing through (or flushing) leaves in the store.
    const stores = await openStores({ databaseUrl: database, sessionFlushIntervalMs: 0 });
    const now = Date.now();
    const hourEnd = clockHour(now).end;
    await stores.limits.hit(`requests:hour:${devKeyId}`, hourEnd, now, 12);
    await stores.limits.hit(`logins:hour:${devKeyId}`, hourEnd, now, 3);
    await stores.limits.acquire(`in-flight:${devKeyId}:${ORG}`, "a", 3, now + 600_000, now);
    await stores.limits.acquire(`in-flight:${devKeyId}:${ORG}`, "b", 3, now + 600_000, now);
    await stores.close();

    const byKey = await json<Report>(runCli(["limits", "--devkey", KEY, "--database", database, "--json"]));
    const byId = await json<Report>(
      runCli(["limits", "--devkey", devKeyId, "--database", database, "--json"]),
    );
    expect(byId).toEqual(byKey);
    // The hour may have turned between writing and reading: then the counts started again.
    const sameHour = byKey.hourlyRequests?.resetTime === formatTimestamp(hourEnd);
    expect(byKey).toEqual({
      devKeyId,
      devKeyName: "ci",
      hourlyRequests: {
        limit: 20_000,
        used: sameHour ? 12 : 0,
        remaining: sameHour ? 19_988 : 20_000,
        resetTime: sameHour ? formatTimestamp(hourEnd) : formatTimestamp(hourEnd + 3_600_000),
      },
      hourlyLogins: expect.objectContaining({ limit: 200, used: sameHour ? 3 : 0 }),
      inFlight: { limit: 3, organizations: [{ organizationId: ORG, held: 2 }] },
    });

    const human = await runCli(["limits", "--devkey", devKeyId, "--database", database]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Developer key ${devKeyId} (ci)`);
    expect(human.stdout).toMatch(/Requests this hour {2}\d+ of 20000 used, \d+ left; starts again /);
    expect(human.stdout).toMatch(/In flight {11}at most 3 per organization\n {2}ORGANIZATION\s+IN FLIGHT\n/);
    expect(human.stdout).toContain(`  ${ORG}  2`);
    expect(human.stderr).toMatch(
      /live in its memory: shown here only when it runs with BILLET_LIMIT_FLUSH_MS=0/,
    );
    expect(human.stdout + human.stderr).not.toContain(KEY);
  });

  it("says when a limit is off, and never echoes an unknown key", async () => {
    const { database, devKeyId } = await seeded();
    const off = await json<Report>(
      runCli(["limits", "--devkey", devKeyId, "--database", database, "--json"], {
        BILLET_HOURLY_LOGIN_LIMIT: "0",
        BILLET_CONCURRENT_REQUEST_LIMIT: "0",
      }),
    );
    expect(off).toEqual(expect.objectContaining({ hourlyLogins: null, inFlight: null }));
    const unknown = await runCli(["limits", "--devkey", "not-a-real-key-000000", "--database", database]);
    expect(unknown).toEqual({ code: 1, stdout: "", stderr: "billet: unknown developer key\n" });
  });

  it("reads what a running server counts, when it writes its counts through", async () => {
    const { database } = await seeded();
    const env = { BILLET_LIMIT_FLUSH_MS: "0", BILLET_HOURLY_LOGIN_LIMIT: "5" };
    const server = await startServe(["--database", database, "--no-demo"], { env });
    for (let i = 0; i < 2; i++) {
      const res = await login(server.url, {
        username: "ann@limits.test",
        password: PASSWORD,
        organizationId: ORG,
        devKey: KEY,
      });
      expect(res.status).toBe(200);
    }
    const report = await json<Report>(
      runCli(["limits", "--devkey", KEY, "--database", database, "--json"], env),
    );
    expect(report.hourlyLogins).toEqual(expect.objectContaining({ limit: 5, used: 2, remaining: 3 }));
    expect(report.hourlyRequests).toEqual(expect.objectContaining({ used: 2 }));
    expect(report.inFlight).toEqual({ limit: 3, organizations: [] });
  });
});

describe("billet serve limit flags", { timeout: 60_000 }, () => {
  it("override the environment, and 0 switches a limit off", async () => {
    const { database } = await seeded();
    const server = await startServe(
      ["--database", database, "--no-demo", "--hourly-login-limit", "1", "--concurrent-request-limit", "0"],
      {
        env: { BILLET_HOURLY_LOGIN_LIMIT: "50" },
      },
    );
    const body = { username: "ann@limits.test", password: PASSWORD, organizationId: ORG, devKey: KEY };
    expect((await login(server.url, body)).status).toBe(200);
    const refused = await login(server.url, body);
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual([
      expect.objectContaining({
        code: "BDC_1144",
        message: "Max number of allowed requests per hour reached: 1.",
        params: [{ name: "paramName0", value: "1" }],
      }),
    ]);
  });

  it("refuse values out of range, naming the setting", async () => {
    const badRange = await runCli([
      "serve",
      "--port",
      "0",
      "--lockout-seconds",
      "0",
      "--database",
      ":memory:",
    ]);
    expect(badRange.code).toBe(1);
    expect(badRange.stderr).toMatch(/lockoutSeconds must be a whole number from 1 to 31536000/);
    const notANumber = await runCli(["serve", "--port", "0", "--concurrent-request-limit", "three"]);
    expect(notANumber.code).toBe(2);
    expect(notANumber.stderr).toMatch(/Expected a whole number/);
  });
});
