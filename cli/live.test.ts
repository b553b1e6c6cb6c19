/**
 * The CLI acting on the store of a running server: every revocation it makes is seen by the
 * server on its very next request (401 BDC_1109), without a restart.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliFor, json, login, type Served, sessionCheck, startServe, tempFolder } from "./test-support.ts";

const MAIN = "00801LIVEMAINLIVEMAI";
const LOCKABLE = "00801LIVELOCKLIVELOC";
const MAIN_KEY = "main-key-0123456789abcdef";
const DOOMED_KEY = "doomed-key-0123456789abcdef";
const PASSWORD = "correct horse battery";

const EMAILS = [
  ["revoke@live.test", MAIN],
  ["archive@live.test", MAIN],
  ["devkey@live.test", MAIN],
  ["lock@live.test", LOCKABLE],
  ["seeded@live.test", MAIN],
];

/** The file, with the emails whose membership is archived. */
const seedFile = (archived: string[] = []) => ({
  organizations: [
    { id: MAIN, name: "Main" },
    { id: LOCKABLE, name: "Lockable" },
  ],
  users: EMAILS.map(([email, organization]) => ({
    email,
    password: PASSWORD,
    memberships: [{ organization, role: "CLERK", archived: archived.includes(email ?? "") }],
  })),
  devKeys: [
    { name: "main", key: MAIN_KEY },
    { name: "doomed", key: DOOMED_KEY },
  ],
});

let server: Served;
let cli: ReturnType<typeof cliFor>;
let seedPath: string;
const userIds = new Map<string, string>();

/** Logs in and checks that the session works, returning its secret id. */
async function liveSession(username: string, organizationId: string, devKey = MAIN_KEY): Promise<string> {
  const result = await login(server.url, { username, password: PASSWORD, organizationId, devKey });
  expect(result.status).toBe(200);
  const sessionId = String(result.body.sessionId);
  expect((await sessionCheck(server.url, devKey, sessionId)).status).toBe(200);
  return sessionId;
}

async function expectSessionInvalid(sessionId: string, devKey = MAIN_KEY): Promise<void> {
  const { status, body } = await sessionCheck(server.url, devKey, sessionId);
  expect(status).toBe(401);
  expect(body).toEqual([
    expect.objectContaining({ code: "BDC_1109", message: "Session is invalid.  Please log in." }),
  ]);
  expect(body).toEqual([expect.not.objectContaining({ params: expect.anything() })]);
}

beforeAll(async () => {
  const folder = tempFolder();
  const database = join(folder, "billet.db");
  cli = cliFor(database);
  seedPath = join(folder, "seed.json");
  writeFileSync(seedPath, JSON.stringify(seedFile()));
  const report = await json<{ created: { kind: string; id: string; label: string }[] }>(
    cli("seed", "--file", seedPath, "--json"),
  );
  for (const change of report.created) if (change.kind === "user") userIds.set(change.label, change.id);
  server = await startServe(["--database", database, "--no-demo"], { shared: true });
}, 60_000);

describe("the CLI against a running server", { timeout: 60_000 }, () => {
  it("sessions list shows the session by reference, never its token; revoke ends it at once", async () => {
    const sessionId = await liveSession("revoke@live.test", MAIN);
    const listed = await cli("sessions", "list", "--org", MAIN, "--json");
    expect(listed.stdout).not.toContain(sessionId);
    const sessions = JSON.parse(listed.stdout) as Record<string, unknown>[];
    const mine = sessions.find((s) => s.userEmail === "revoke@live.test");
    expect(mine).toEqual({
      ref: expect.stringMatching(/^0se01\w{15}$/),
      organizationId: MAIN,
      userId: userIds.get("revoke@live.test"),
      userEmail: "revoke@live.test",
      devKeyId: expect.stringMatching(/^0dk01/),
      devKeyName: "main",
      trusted: false,
      mode: "password",
      credentialId: null,
      createdTime: expect.any(String),
      lastActiveTime: expect.any(String),
      idleDeadline: expect.any(String),
      expired: false,
    });
    const human = await cli("sessions", "list");
    expect(human.stdout).toMatch(/REF\s+ORG\s+USER\s+DEVKEY\s+CREATED\s+LAST ACTIVE\s+IDLE DEADLINE/);
    expect(human.stdout).toContain(String(mine?.ref));
    expect(human.stdout).not.toContain(sessionId);

    const revoked = await cli("sessions", "revoke", String(mine?.ref));
    expect(revoked).toMatchObject({ code: 0, stdout: `Revoked session ${mine?.ref}.\n` });
    await expectSessionInvalid(sessionId);
    const again = await cli("sessions", "revoke", String(mine?.ref));
    expect(again).toMatchObject({ code: 1, stderr: `billet: unknown session: ${mine?.ref}\n` });
  });

  it("org lock ends the organization's sessions and refuses logins until unlocked", async () => {
    const sessionId = await liveSession("lock@live.test", LOCKABLE);
    expect(await json(cli("org", "lock", LOCKABLE, "--json"))).toEqual({
      id: LOCKABLE,
      locked: true,
      sessionsEnded: 1,
    });
    await expectSessionInvalid(sessionId);
    const refused = await login(server.url, {
      username: "lock@live.test",
      password: PASSWORD,
      organizationId: LOCKABLE,
      devKey: MAIN_KEY,
    });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain("BDC_1107");
    await cli("org", "unlock", LOCKABLE);
    await liveSession("lock@live.test", LOCKABLE);
  });

  it("devkey deactivate (by the key itself) ends that key's sessions", async () => {
    const sessionId = await liveSession("devkey@live.test", MAIN, DOOMED_KEY);
    const result = await cli("devkey", "deactivate", DOOMED_KEY);
    expect(result.stdout).toMatch(/^Deactivated developer key 0dk01\w{15}; ended 1 session\(s\)\.\n$/);
    await expectSessionInvalid(sessionId, DOOMED_KEY);
  });

  it("user archive ends the user's sessions in that organization", async () => {
    const sessionId = await liveSession("archive@live.test", MAIN);
    const userId = userIds.get("archive@live.test") ?? "";
    expect(await json(cli("user", "archive", userId, "--org", MAIN, "--json"))).toEqual({
      userId,
      organizationId: MAIN,
      archived: true,
      sessionsEnded: 1,
    });
    await expectSessionInvalid(sessionId);
  });

  it("a seed that archives a membership has the same effect", async () => {
    const sessionId = await liveSession("seeded@live.test", MAIN);
    // The file says what the earlier tests did (so the seed leaves it), plus one archive.
    const changed = seedFile(["archive@live.test", "seeded@live.test"]);
    changed.devKeys = changed.devKeys.map((k) => (k.name === "doomed" ? { ...k, active: false } : k));
    writeFileSync(seedPath, JSON.stringify(changed));
    const report = await json<{ updated: { label: string; changes: string[]; sessionsEnded: number }[] }>(
      cli("seed", "--file", seedPath, "--json"),
    );
    expect(report.updated).toEqual([
      expect.objectContaining({ label: "seeded@live.test in Main", changes: ["archived"], sessionsEnded: 1 }),
    ]);
    await expectSessionInvalid(sessionId);
  });
});
