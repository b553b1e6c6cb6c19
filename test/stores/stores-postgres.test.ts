import { afterAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openStores } from "../../src/stores/open-stores.ts";
import { MIGRATIONS } from "../../src/stores/sql/migrate.ts";
import type { Stores } from "../../src/stores/types/index.ts";
import { storeContract } from "../contracts/store-contract.ts";
import {
  adminQuery,
  describePostgres,
  POSTGRES_URL,
  type TestSchema,
  testSchema,
} from "../helpers/postgres.ts";

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

const freshSchema = (): TestSchema => {
  const schema = testSchema();
  schemas.push(schema);
  return schema;
};

/** Stores on a fresh schema; a long flush interval, which PostgreSQL must ignore. */
const open = (url: string, extra: Partial<Parameters<typeof openStores>[0]> = {}) =>
  openStores({ databaseUrl: url, sessionFlushIntervalMs: 60_000, poolSize: 4, ...extra });

describePostgres("stores", () => {
  storeContract("PostgreSQL", () => open(freshSchema().url));
});

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);

/** An organization, user, devKey and one session `0se01AAAAAAAAAAAAAAA` with token hash `t…`. */
async function withSession(stores: Stores): Promise<void> {
  const org = "00801AAAAAAAAAAAAAAA";
  await stores.organizations.create(
    {
      id: org,
      name: "A",
      locked: false,
      mfaRequired: false,
      profile: {},
      partnerId: null,
      createdAt: T0,
      updatedAt: T0,
    },
    [{ id: "0po01AAAAAAAAAAAAAAA", organizationId: org, type: "ADMINISTRATOR", name: "", description: "" }],
  );
  const user = {
    id: "00601AAAAAAAAAAAAAAA",
    email: "a@b.co",
    passwordHash: null,
    firstName: "",
    lastName: "",
  };
  await stores.users.create({ ...user, createdAt: T0, updatedAt: T0 });
  await stores.devKeys.create({
    id: "0dk01AAAAAAAAAAAAAAA",
    name: "k",
    keyHash: "k".repeat(64),
    active: true,
    mfaBypass: false,
    createdAt: T0,
    deactivatedAt: null,
  });
  await stores.sessions.create({
    id: "0se01AAAAAAAAAAAAAAA",
    tokenHash: "t".repeat(64),
    userId: user.id,
    organizationId: org,
    devKeyId: "0dk01AAAAAAAAAAAAAAA",
    trusted: false,
    partnerId: null,
    createdAt: T0,
    lastActiveAt: T0,
  });
}

/** Polls `check` a bounded number of times, a few milliseconds apart. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describePostgres("PostgreSQL specifics", () => {
  it("migrates a fresh schema once when four openers start at the same moment", async () => {
    const schema = freshSchema();
    const all = await Promise.all([1, 2, 3, 4].map(() => open(schema.url)));
    try {
      const applied = await adminQuery<{ name: string }>(
        `select name from ${schema.name}.billet_migrations order by name`,
      );
      expect(applied.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS).sort());
      await withSession(all[0] as Stores);
      for (const stores of all) expect(await stores.devKeys.count()).toBe(1);
    } finally {
      await Promise.all(all.map((stores) => stores.close()));
    }
    // A later start finds nothing to do.
    const again = await open(schema.url);
    expect(await again.devKeys.count()).toBe(1);
    await again.close();
  });

  it("migrates while other schemas of the database are dropped (their tables vanish mid-listing)", async () => {
    // Kysely's migrator lists every table of the database; a schema dropped during that query
    // failed the migration with 3F000 (seen when test suites ran in parallel).
    let dropping = true;
    const churn = (async () => {
      for (let i = 0; dropping && i < 200; i++) {
        const name = `billet_t_churn_${process.pid}_${i}`;
        await adminQuery(
          `create schema ${name}; create table ${name}.t (id serial primary key, a text, b text)`,
        );
        await adminQuery(`drop schema ${name} cascade`);
      }
    })();
    try {
      for (let round = 0; round < 6; round++) {
        const opened = await Promise.all([1, 2, 3].map(() => open(freshSchema().url)));
        await Promise.all(opened.map((stores) => stores.close()));
      }
    } finally {
      dropping = false;
      await churn;
    }
  });

  it("keeps each schema's tables apart on one database", async () => {
    const [a, b] = [await open(freshSchema().url), await open(freshSchema().url)];
    await withSession(a);
    expect(await a.devKeys.count()).toBe(1);
    expect(await b.devKeys.count()).toBe(0);
    await Promise.all([a.close(), b.close()]);
  });

  it("writes session activity through, so that another instance sees it at once", async () => {
    const schema = freshSchema();
    const [a, b] = [await open(schema.url), await open(schema.url)];
    await withSession(a);
    // A one-minute flush interval was asked for; on a shared database it must not apply.
    await a.sessions.touch("0se01AAAAAAAAAAAAAAA", T0 + 34 * 60_000);
    expect((await b.sessions.findByTokenHash("t".repeat(64)))?.lastActiveAt).toBe(T0 + 34 * 60_000);
    expect(await b.sessions.deleteIdleBefore(T0 + 30 * 60_000)).toBe(0);
    await Promise.all([a.close(), b.close()]);
  });

  it("survives connections the server kills, idle or in a transaction, and reconnects", async () => {
    const schema = freshSchema();
    const appName = `${schema.name}_app`;
    const lost: Error[] = [];
    const url = new URL(schema.url);
    url.searchParams.set("application_name", appName);
    const stores = await open(url.toString(), { onConnectionError: (error) => lost.push(error) });
    const kill = () =>
      adminQuery("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1", [
        appName,
      ]);
    try {
      await withSession(stores);
      await kill();
      await eventually(() => lost.length > 0, "the idle connection's error");
      expect(await stores.devKeys.count()).toBe(1);

      const before = lost.length;
      await expect(
        stores.transaction(async (tx) => {
          await tx.devKeys.count();
          await kill();
          await tx.devKeys.count();
        }),
      ).rejects.toThrow();
      await eventually(() => lost.length > before, "the checked-out connection's error");
      expect(await stores.devKeys.count()).toBe(1);
    } finally {
      await stores.close();
    }
  });
});

describePostgres("opening PostgreSQL", () => {
  it("refuses a bad schema name, in the configuration too", async () => {
    const url = `${POSTGRES_URL?.split("?")[0]}?schema=Robert');drop`;
    await expect(open(url)).rejects.toThrow(/schema must be 1-63 lower-case letters/);
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(/schema must be 1-63 lower-case letters/);
  });

  it("names the database it cannot reach, never with its password", async () => {
    const error = await open("postgres://billet:s3cret-pw@127.0.0.1:1/nowhere?schema=x").then(
      () => undefined,
      (caught: unknown) => caught as Error & { code?: string },
    );
    expect(error?.message).toMatch(
      /^cannot open the database postgres:\/\/billet:\*\*\*@127\.0\.0\.1:1\/nowhere: /,
    );
    expect(error?.message).not.toContain("s3cret-pw");
    expect(error?.code).toEqual(expect.any(String));
  });
});
