import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliFor, json, login, sessionCheck, startServe, tempFolder } from "./test-support.ts";

describe("billet reset and billet snapshot", { timeout: 60_000 }, () => {
  it("empty a running sandbox server's store and put a snapshot back", async () => {
    const folder = tempFolder();
    const database = join(folder, "billet.db");
    const served = await startServe(["--database", database]);
    const demo = JSON.parse(readFileSync(join(folder, "demo-credentials.json"), "utf8"));
    const sessionId = String((await login(served.url, demo)).body.sessionId);
    const billet = cliFor(database);

    const taken = await billet("snapshot", "create", "--url", served.url);
    expect(taken.code).toBe(0);
    const id = taken.stdout.split("\n")[0] ?? "";
    expect(id).toMatch(/^0sn01[0-9A-Za-z]{15}$/);
    expect(taken.stdout).toMatch(/^\d+ records in [\d.]+ ms$/m);

    const reset = await billet("reset", "--url", served.url);
    expect(reset).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^store reset in [\d.]+ ms; clock \d{4}-/),
    });
    expect((await sessionCheck(served.url, demo.devKey, sessionId)).status).toBe(401);

    const listed = await json<{ id: string; records: number }[]>(
      billet("snapshot", "list", "--url", served.url, "--json"),
    );
    expect(listed.map((snapshot) => snapshot.id)).toEqual([id]);
    const restored = await billet("snapshot", "restore", id, "--url", served.url);
    expect(restored.stdout).toMatch(new RegExp(`^restored ${id}: ${listed[0]?.records} records in`));
    expect((await sessionCheck(served.url, demo.devKey, sessionId)).status).toBe(200);

    expect((await billet("snapshot", "delete", id, "--url", served.url)).stdout).toBe(`deleted ${id}\n`);
    const gone = await billet("snapshot", "restore", id, "--url", served.url);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/BDC_9005/);
  });

  it("serve --seed applies a seed file at start, and billet reset goes back to it", async () => {
    const folder = tempFolder();
    const database = join(folder, "billet.db");
    const seed = join(folder, "seed.json");
    writeFileSync(
      seed,
      JSON.stringify({ organizations: [{ name: "Seeded" }], devKeys: [{ name: "generated at start" }] }),
    );
    const served = await startServe(["--database", database, "--seed", seed]);
    expect(served.banner()).toContain(`Seeded from ${seed}:`);
    expect(served.banner()).toMatch(
      /created devKey generated at start \(0dk01\w+\)\n {4}key \(shown once\): \S{16,}/,
    );
    const billet = cliFor(database);
    const reset = await billet("reset", "--url", served.url);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/^created organization Seeded/m);
    expect(reset.stdout).toMatch(/^store reset in [\d.]+ ms; clock/m);
    const orgs = await json<{ name: string }[]>(billet("org", "list", "--json"));
    expect(orgs.map((org) => org.name)).toEqual(["Seeded"]);
    const bad = await billet("reset", "--to", "nowhere", "--url", served.url);
    expect(bad.code).toBe(2);
  });
});
