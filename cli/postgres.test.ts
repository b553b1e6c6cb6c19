/**
 * The CLI and `billet serve` on PostgreSQL: the same commands, given a `postgres://…?schema=`
 * URL by --database or DATABASE_URL, act on the database a running server uses.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { describePostgres, type TestSchema, testSchema } from "../test/helpers/postgres.ts";
import { cliFor, json, login, runCli, sessionCheck, startServe, tempFolder } from "./test-support.ts";

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});
const freshDatabase = (): string => {
  const schema = testSchema();
  schemas.push(schema);
  return schema.url;
};

const ORG = "00801PgCliPgCliPgCli";
const KEY = "pg-cli-key-0123456789abcdef";
const PASSWORD = "correct horse battery";

describePostgres(
  "billet CLI",
  () => {
    it("provisions with seed and commands, and revokes and locks under a running server", async () => {
      const database = freshDatabase();
      const cli = cliFor(database);
      const seedPath = join(tempFolder(), "seed.json");
      const seed = {
        organizations: [{ id: ORG, name: "Pg" }],
        users: [{ email: "ann@pg.test", password: PASSWORD, memberships: [{ organization: ORG }] }],
        devKeys: [{ name: "ci", key: KEY }],
      };
      writeFileSync(seedPath, JSON.stringify(seed));
      const report = await json<{ created: unknown[] }>(cli("seed", "--file", seedPath, "--json"));
      expect(report.created).toHaveLength(4);
      // Idempotent on PostgreSQL too.
      expect(await json(cli("seed", "--file", seedPath, "--json"))).toMatchObject({ created: [] });

      const server = await startServe(["--database", database, "--no-demo"]);
      const signIn = () =>
        login(server.url, { username: "ann@pg.test", password: PASSWORD, organizationId: ORG, devKey: KEY });
      const first = await signIn();
      expect(first.status).toBe(200);
      const sessionId = String(first.body.sessionId);
      expect((await sessionCheck(server.url, KEY, sessionId)).status).toBe(200);

      const sessions = await json<{ ref: string; userEmail: string }[]>(
        cli("sessions", "list", "--org", ORG, "--json"),
      );
      expect(sessions.map((s) => s.userEmail)).toEqual(["ann@pg.test"]);
      expect(await cli("sessions", "revoke", sessions[0]?.ref ?? "")).toMatchObject({ code: 0 });
      expect((await sessionCheck(server.url, KEY, sessionId)).status).toBe(401);

      const second = String((await signIn()).body.sessionId);
      // DATABASE_URL instead of --database.
      const locked = await runCli(["org", "lock", ORG, "--json"], { DATABASE_URL: database });
      expect(JSON.parse(locked.stdout)).toEqual({ id: ORG, locked: true, sessionsEnded: 1 });
      expect((await sessionCheck(server.url, KEY, second)).status).toBe(401);
      expect((await signIn()).status).toBe(403);
    });

    it("creates organizations, users and keys, and lists them", async () => {
      const cli = cliFor(freshDatabase());
      const org = (await cli("org", "create", "--name", "Acme")).stdout.trim();
      const made = await Promise.all([
        cli("user", "create", "--org", org, "--email", "bob@pg.test", "--password", "pw-1-long"),
        cli("devkey", "create", "--name", "ci"),
      ]);
      expect(made.map((result) => result.code)).toEqual([0, 0]);
      const [orgs, users, keys] = await Promise.all([
        json<{ name: string }[]>(cli("org", "list", "--json")),
        cli("user", "list", "--org", org),
        json<unknown[]>(cli("devkey", "list", "--json")),
      ]);
      expect(orgs).toEqual([expect.objectContaining({ id: org, name: "Acme", locked: false })]);
      expect(users.stdout).toContain("bob@pg.test");
      expect(keys).toHaveLength(1);
    });

    it("serve creates the demo account on an empty database and says it saved nothing", async () => {
      const server = await startServe(["--database", freshDatabase()]);
      expect(server.banner()).toContain("Not saved (PostgreSQL database: no local folder).");
      const curl = /^\s*curl .* -d '(.*)'$/m.exec(server.banner())?.[1] ?? "{}";
      expect((await login(server.url, JSON.parse(curl))).status).toBe(200);
    });

    it("names a database it cannot reach in one line, without its password", async () => {
      const result = await runCli(["org", "list", "--database", "postgres://billet:s3cret-pw@127.0.0.1:1/x"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^billet: cannot open the database postgres:\/\/billet:\*\*\*@127\.0\.0\.1:1\/x: .+\n$/,
      );
      expect(result.stderr).not.toContain("s3cret-pw");
    });
  },
  { timeout: 90_000 },
);
