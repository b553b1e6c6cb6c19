import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashSecret } from "../../auth/crypto/ids.ts";
import { partnerLogin } from "../../auth/sessions/partner-sessions.ts";
import { loadConfig } from "../../config.ts";
import { openRuntime, type Runtime } from "../../runtime.ts";
import { applySeed } from "./seed.ts";

const PARTNER = {
  name: "Acme Partners",
  appKey: "acme-app-key-0123456789",
  devKey: "acme-dev-key-0123456789",
  users: [
    { username: "Acme-Admin", password: "admin-password" },
    { username: "ops@acme.test", password: "ops-password" },
  ],
};

describe("seed files: partners", () => {
  let dir: string;
  let runtime: Runtime;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "billet-seed-partners-"));
    const config = loadConfig(
      {},
      {
        databaseUrl: join(dir, "billet.db"),
        logLevel: "silent",
        argon2: { memoryKib: 1024, iterations: 1, parallelism: 1 },
      },
    );
    runtime = await openRuntime(config);
  });
  afterEach(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = (username: string, password: string) =>
    partnerLogin(runtime.deps, { appKey: PARTNER.appKey, username, password });

  it("creates a partner with its fixed keys and users once; a second run changes nothing", async () => {
    const first = await applySeed(runtime.deps, { partners: [PARTNER] });
    expect(first.ok && first.value.created.map((c) => `${c.kind} ${c.label}`)).toEqual([
      "partner Acme Partners",
      "partnerUser acme-admin",
      "partnerUser ops@acme.test",
    ]);
    const partner = await runtime.deps.stores.partners.findByAppKeyHash(hashSecret(PARTNER.appKey));
    const devKey = await runtime.deps.stores.devKeys.findByKeyHash(hashSecret(PARTNER.devKey));
    expect(partner?.devKeyId).toBe(devKey?.id);
    expect((await login("ACME-ADMIN", "admin-password")).ok).toBe(true);
    expect((await login("ops@acme.test", "ops-password")).ok).toBe(true);

    const second = await applySeed(runtime.deps, { partners: [PARTNER] });
    expect(second.ok && [second.value.created, second.value.updated]).toEqual([[], []]);
    expect(second.ok && second.value.unchanged).toHaveLength(3);
  });

  it("updates a changed password and adds a new user", async () => {
    await applySeed(runtime.deps, { partners: [PARTNER] });
    const changed = {
      ...PARTNER,
      users: [
        { username: "acme-admin", password: "new-password" },
        ...PARTNER.users.slice(1),
        { username: "third", password: "third-password" },
      ],
    };
    const report = await applySeed(runtime.deps, { partners: [changed] });
    expect(report.ok && report.value.updated.map((c) => [c.label, c.changes])).toEqual([
      ["acme-admin", ["password"]],
    ]);
    expect(report.ok && report.value.created.map((c) => c.label)).toEqual(["third"]);
    expect((await login("acme-admin", "admin-password")).ok).toBe(false);
    expect((await login("acme-admin", "new-password")).ok).toBe(true);
  });

  it("lists every problem and writes nothing", async () => {
    const report = await applySeed(runtime.deps, {
      partners: [
        { name: "", appKey: "short", devKey: PARTNER.devKey, users: [] },
        { ...PARTNER, users: [{ username: "has space", password: "" }] },
        { ...PARTNER, extra: true },
      ],
    });
    expect(report.ok).toBe(false);
    expect(!report.ok && report.errors.map((e) => e.params?.paramName0)).toEqual([
      "$.partners[0].name",
      "$.partners[0].appKey",
      "$.partners[0].users",
      "$.partners[1].users[0].username",
      "$.partners[1].users[0].password",
      "$.partners[2].extra",
      "$.partners[2].appKey",
    ]);
    expect(await runtime.deps.stores.partners.list()).toEqual([]);
  });

  it("refuses a devKey that another key already has, or another devKey for an existing partner", async () => {
    await applySeed(runtime.deps, { devKeys: [{ name: "ci", key: "ci-key-0123456789abcdef" }] });
    const taken = await applySeed(runtime.deps, {
      partners: [{ ...PARTNER, devKey: "ci-key-0123456789abcdef" }],
    });
    expect(!taken.ok && taken.errors.map((e) => [e.params?.paramName0, e.params?.reason])).toEqual([
      ["$.partners[0].devKey", "already the key of another developer key"],
    ]);
    await applySeed(runtime.deps, { partners: [PARTNER] });
    const moved = await applySeed(runtime.deps, {
      partners: [{ ...PARTNER, devKey: "other-dev-key-0123456789" }],
    });
    expect(!moved.ok && moved.errors.map((e) => e.params?.reason)).toEqual([
      "cannot change on an existing partner",
    ]);
  });
});
