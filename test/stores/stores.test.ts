import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStores } from "../../src/stores/open-stores.ts";
import { storeContract } from "../contracts/store-contract.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const sqliteFile = () => {
  const dir = mkdtempSync(join(tmpdir(), "billet-store-"));
  dirs.push(dir);
  return join(dir, "nested", "billet.db");
};

storeContract("SQLite file", () => openStores({ databaseUrl: sqliteFile(), sessionFlushIntervalMs: 1000 }));
storeContract("SQLite file, unbuffered activity", () =>
  openStores({ databaseUrl: sqliteFile(), sessionFlushIntervalMs: 0 }),
);

describe("SQLite specifics", () => {
  it("migrates a new file and reopens an existing one without migrating twice", async () => {
    const path = sqliteFile();
    const first = await openStores({ databaseUrl: path, sessionFlushIntervalMs: 0 });
    await first.close();
    const second = await openStores({ databaseUrl: path, sessionFlushIntervalMs: 0 });
    expect(await second.devKeys.count()).toBe(0);
    await second.close();
  });

  it("writes buffered session activity back on close", async () => {
    const path = sqliteFile();
    const stores = await openStores({ databaseUrl: path, sessionFlushIntervalMs: 60_000 });
    const now = Date.UTC(2026, 0, 1);
    await stores.organizations.create(
      {
        id: "00801AAAAAAAAAAAAAAA",
        name: "A",
        locked: false,
        mfaRequired: false,
        profile: {},
        partnerId: null,
        createdAt: now,
        updatedAt: now,
      },
      [
        {
          id: "0po01AAAAAAAAAAAAAAA",
          organizationId: "00801AAAAAAAAAAAAAAA",
          type: "ADMINISTRATOR",
          name: "",
          description: "",
        },
      ],
    );
    await stores.users.create({
      id: "00601AAAAAAAAAAAAAAA",
      email: "a@b.co",
      passwordHash: null,
      firstName: "",
      lastName: "",
      createdAt: now,
      updatedAt: now,
    });
    await stores.devKeys.create({
      id: "0dk01AAAAAAAAAAAAAAA",
      name: "k",
      keyHash: "k".repeat(64),
      active: true,
      mfaBypass: false,
      createdAt: now,
      deactivatedAt: null,
    });
    await stores.sessions.create({
      id: "0se01AAAAAAAAAAAAAAA",
      tokenHash: "t".repeat(64),
      userId: "00601AAAAAAAAAAAAAAA",
      organizationId: "00801AAAAAAAAAAAAAAA",
      devKeyId: "0dk01AAAAAAAAAAAAAAA",
      trusted: false,
      partnerId: null,
      createdAt: now,
      lastActiveAt: now,
    });
    await stores.sessions.touch("0se01AAAAAAAAAAAAAAA", now + 7000);
    // Not written yet (the interval is a minute), but already what the server sees.
    expect((await stores.sessions.list({}))[0]?.lastActiveAt).toBe(now);
    expect((await stores.sessions.findByTokenHash("t".repeat(64)))?.lastActiveAt).toBe(now + 7000);
    await stores.close();
    const reopened = await openStores({ databaseUrl: path, sessionFlushIntervalMs: 0 });
    expect((await reopened.sessions.list({}))[0]?.lastActiveAt).toBe(now + 7000);
    await reopened.close();
  });
});
