/**
 * The CLI and the operator API show the same things the same way: both build their answers
 * from src/operator/views.ts. One running server and the CLI on its database: every `--json`
 * read equals the API's answer field for field, and every write answers with the same fields.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { OperatorClient } from "../client/src/index.ts";
import { cliFor, json, login, type Served, sessionCheck, startServe, tempFolder } from "./test-support.ts";

const TOKEN = "parity-operator-token-0123456789-abcdef";
const PASSWORD = "correct horse battery";

let server: Served;
let operator: OperatorClient;
let cli: ReturnType<typeof cliFor>;
/** `billet ARGS… --json`, parsed. */
const cliJson = <T = Record<string, unknown>>(...args: string[]) => json<T>(cli(...args, "--json"));

const fieldsOf = (value: unknown) => Object.keys(value as object).sort();
/** The same fields, each of the same JSON type. */
function expectSameFields(fromCli: unknown, fromApi: unknown): void {
  const types = (value: unknown) =>
    Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        v === null ? "null" : Array.isArray(v) ? "array" : typeof v,
      ]),
    );
  expect(fieldsOf(fromCli)).toEqual(fieldsOf(fromApi));
  expect(types(fromCli)).toEqual(types(fromApi));
}

let orgA: string;
let orgB: string;
let ann: string;
let bob: string;
let devKey: { id: string; key: string };

beforeAll(async () => {
  const database = join(tempFolder(), "billet.db");
  cli = cliFor(database);
  server = await startServe(["--database", database, "--no-demo"], {
    shared: true,
    // Written through at once, so that the CLI reads from the store what the server holds.
    env: { BILLET_OPERATOR_TOKEN: TOKEN, BILLET_SESSION_FLUSH_MS: "0", BILLET_LIMIT_FLUSH_MS: "0" },
  });
  operator = new OperatorClient({ baseUrl: server.url, token: TOKEN });
}, 60_000);

describe("the CLI and the operator API agree field for field", { timeout: 120_000 }, () => {
  it("answer creates with the same fields", async () => {
    // One after the other, so that the lists below are in this order.
    const cliOrg = await cliJson("org", "create", "--name", "Parity A", "--mfa-required");
    const apiOrg = await operator.organizations.create({ name: "Parity B" });
    expectSameFields(cliOrg, apiOrg);
    orgA = String(cliOrg.id);
    orgB = apiOrg.id;

    const cliUser = await cliJson(
      "user",
      ...["create", "--org", orgA, "--email", "Ann@Parity.test", "--password", PASSWORD, "--role", "clerk"],
    );
    const apiUser = await operator.users.create({
      organizationId: orgA,
      email: "Bob@Parity.test",
      firstName: "Bob",
    });
    expectSameFields(cliUser, apiUser);
    expect({ ...cliUser, id: "" }).toEqual({
      id: "",
      email: "ann@parity.test",
      organizationId: orgA,
      role: "CLERK",
      created: true,
    });
    expect({ ...apiUser, id: "" }).toEqual({
      ...cliUser,
      id: "",
      email: "bob@parity.test",
      role: "ADMINISTRATOR",
    });
    ann = String(cliUser.id);
    bob = apiUser.id;
    // An existing identity joins another organization: created false on both sides.
    const [cliJoined, apiJoined] = await Promise.all([
      cliJson("user", "create", "--org", orgB, "--email", "ann@parity.test", "--password", PASSWORD),
      operator.users.create({ organizationId: orgB, email: "bob@parity.test" }),
    ]);
    expect([cliJoined.created, apiJoined.created]).toEqual([false, false]);

    const [cliKey, apiKey] = await Promise.all([
      cliJson("devkey", "create", "--name", " parity ", "--mfa-bypass"),
      operator.devKeys.create({ name: " doomed " }),
    ]);
    expectSameFields(cliKey, apiKey);
    // Both show the name as stored.
    expect([cliKey.name, apiKey.name]).toEqual(["parity", "doomed"]);
    devKey = { id: String(cliKey.id), key: String(cliKey.key) };

    const [cliPartner, apiPartner] = await Promise.all([
      cliJson("partner", "create", "--name", "Parity Partner"),
      operator.partners.create({ name: "Other Partner" }),
    ]);
    expectSameFields(cliPartner, apiPartner);

    const [cliDeactivated, apiDeactivated] = await Promise.all([
      cliJson("devkey", "deactivate", String(cliPartner.devKeyId)),
      operator.devKeys.deactivate(apiKey.id),
    ]);
    expectSameFields(cliDeactivated, apiDeactivated);
  });

  it("answer changes of organizations, users and sessions with the same fields", async () => {
    const [cliLock, apiUnlock] = [
      await cliJson("org", "lock", orgB),
      await operator.organizations.unlock(orgB),
    ];
    expect(cliLock).toEqual({ id: orgB, locked: true, sessionsEnded: 0 });
    expect(apiUnlock).toEqual({ ...cliLock, locked: false });

    const cliArchive = await cliJson("user", "archive", bob, "--org", orgA);
    const apiRestore = await operator.users.restore(bob, orgA);
    expect(apiRestore).toEqual({ ...cliArchive, archived: false });

    const [cliPassword, apiPassword] = await Promise.all([
      cliJson("user", "set-password", bob, "--password", PASSWORD),
      operator.users.setPassword(ann, PASSWORD),
    ]);
    expect(cliPassword).toEqual({ ...apiPassword, userId: bob });

    const [cliEmail, apiEmail] = await Promise.all([
      cliJson("user", "set-email", ann, "--email", "ann.new@parity.test"),
      operator.users.setEmail(bob, { email: "bob.new@parity.test" }),
    ]);
    expect(cliEmail).toEqual({ ...apiEmail, userId: ann });
    const [cliForced, apiForced] = [
      await cliJson("user", "set-email", ann, "--email", "ann2@parity.test", "--force"),
      await operator.users.setEmail(ann, { email: "ann@parity.test", force: true }),
    ];
    expect(cliForced).toEqual({ ...apiForced, email: "ann2@parity.test" });

    const sessions: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { body } = await login(server.url, {
        username: "ann@parity.test",
        password: PASSWORD,
        organizationId: orgA,
        devKey: devKey.key,
      });
      sessions.push(String(body.sessionId));
    }
    const [first, second] = await operator.sessions.list({ organizationId: orgA });
    const cliRevoked = await cliJson("sessions", "revoke", String(first?.ref));
    const apiRevoked = await operator.sessions.revoke(String(second?.ref));
    expect(cliRevoked).toEqual({ ...apiRevoked, ref: first?.ref });
    for (const sessionId of sessions)
      expect((await sessionCheck(server.url, devKey.key, sessionId)).status).toBe(401);
  });

  it("show the same lists: organizations, users, developer keys, partners, sessions, limits, outbox", async () => {
    // A session of each user in organization A, one of them used once more.
    for (const username of ["ann@parity.test", "bob@parity.test"]) {
      const { status, body } = await login(server.url, {
        username,
        password: PASSWORD,
        organizationId: orgA,
        devKey: devKey.key,
      });
      expect(status).toBe(200);
      expect((await sessionCheck(server.url, devKey.key, String(body.sessionId))).status).toBe(200);
    }

    const [organizations, users, usersB, devKeys, partners, sessions, sessionsA] = await Promise.all([
      cliJson<unknown[]>("org", "list"),
      cliJson<unknown[]>("user", "list", "--org", orgA),
      cliJson<unknown[]>("user", "list", "--org", orgB),
      cliJson<unknown[]>("devkey", "list"),
      cliJson<unknown[]>("partner", "list"),
      cliJson<unknown[]>("sessions", "list"),
      cliJson<unknown[]>("sessions", "list", "--org", orgA),
    ]);
    expect(organizations).toEqual(await operator.organizations.list());
    expect(organizations).toEqual([
      expect.objectContaining({ id: orgA, mfaRequired: true }),
      expect.objectContaining({ id: orgB, mfaRequired: false }),
    ]);
    expect(users).toEqual(await operator.users.list(orgA));
    expect(users).toEqual([
      expect.objectContaining({ id: ann, role: "CLERK", pending: false, hasPassword: true }),
      expect.objectContaining({ id: bob, firstName: "Bob", role: "ADMINISTRATOR", hasPassword: true }),
    ]);
    expect(usersB).toEqual(await operator.users.list(orgB));
    expect(usersB).toHaveLength(2);
    expect(devKeys).toEqual(await operator.devKeys.list());
    expect(devKeys).toHaveLength(4);
    expect(partners).toEqual(await operator.partners.list());
    expect(partners).toHaveLength(2);
    expect(sessions).toEqual(await operator.sessions.list());
    expect(sessionsA).toEqual(await operator.sessions.list({ organizationId: orgA }));
    expect(sessionsA).toHaveLength(2);

    // The hour may turn between the two reads: then both start again, so read both again.
    let limits: [unknown, unknown] = [undefined, null];
    for (let attempt = 0; attempt < 2 && JSON.stringify(limits[0]) !== JSON.stringify(limits[1]); attempt++) {
      limits = [await cliJson("limits", "--devkey", devKey.id), await operator.limits.get(devKey.id)];
    }
    expect(limits[0]).toEqual(limits[1]);
    expect(limits[0]).toEqual(
      expect.objectContaining({
        devKeyId: devKey.id,
        devKeyName: "parity",
        hourlyLogins: expect.objectContaining({ used: 4, resetTime: expect.any(String) }),
      }),
    );

    const [outbox, last, forAnn] = await Promise.all([
      cliJson<unknown[]>("outbox", "--limit", "50"),
      cliJson("outbox", "--last"),
      cliJson<unknown[]>("outbox", "--user", ann),
    ]);
    // The CLI lists oldest first, the API newest first.
    expect(outbox).toEqual((await operator.outbox.list({ limit: 50 })).reverse());
    expect(outbox.length).toBeGreaterThanOrEqual(2);
    expect(last).toEqual(await operator.outbox.latest());
    expect(forAnn).toEqual((await operator.outbox.list({ userId: ann })).reverse());
    expect(forAnn).not.toEqual([]);
  });

  it("make, list and revoke sync tokens with the same fields", async () => {
    const cliToken = await cliJson("sync-token", "create", "--org", orgA, "--name", "cli sync");
    const apiToken = await operator.syncTokens.create({
      organizationId: orgA,
      name: "api sync",
      userId: bob,
    });
    expectSameFields(cliToken, apiToken);
    // Without --user: the organization's first active Administrator (Bob; Ann is a clerk).
    expect(cliToken).toMatchObject({ organizationId: orgA, userId: bob, revoked: false });
    const [all, ofB] = await Promise.all([
      cliJson<unknown[]>("sync-token", "list"),
      cliJson<unknown[]>("sync-token", "list", "--org", orgB),
    ]);
    expect(all).toEqual(await operator.syncTokens.list());
    expect(all).toHaveLength(2);
    expect(ofB).toEqual(await operator.syncTokens.list({ organizationId: orgB }));
    expect(ofB).toEqual([]);
    expect(JSON.stringify(all)).not.toContain(String(cliToken.token));

    const { status, body } = await login(server.url, {
      username: "cli sync",
      password: String(cliToken.token),
      organizationId: orgA,
      devKey: devKey.key,
    });
    expect(status).toBe(200);
    const cliRevoked = await cliJson("sync-token", "revoke", String(cliToken.id));
    const apiRevoked = await operator.syncTokens.revoke(apiToken.id);
    expectSameFields(cliRevoked, apiRevoked);
    expect(cliRevoked).toEqual({ id: cliToken.id, revoked: true, sessionsEnded: 1 });
    expect((await sessionCheck(server.url, devKey.key, String(body.sessionId))).status).toBe(401);
  });

  it("manage Accountant Consoles with the same fields", async () => {
    const cliConsole = await cliJson("console", "create", "--name", "Parity Firm");
    const apiConsole = await operator.consoles.create({ name: "Other Firm" });
    expectSameFields(cliConsole, apiConsole);
    const firm = String(cliConsole.id);
    const cliLinked = await cliJson("console", "add-org", firm, orgA);
    const apiLinked = await operator.consoles.addOrganization(apiConsole.id, orgA);
    expect(apiLinked).toEqual({ ...cliLinked, consoleId: apiConsole.id });
    const cliUser = await cliJson("console", "add-user", firm, "--email", "cpa@parity.test");
    const apiUser = await operator.consoles.addUser(apiConsole.id, { email: "cpa2@parity.test" });
    expectSameFields(cliUser, apiUser);
    const cpa = String(cliUser.userId);
    const cliToken = await cliJson("console", "create-token", firm, "--user", cpa);
    const apiToken = await operator.consoles.createToken(firm, { userId: cpa, name: "second" });
    expectSameFields(cliToken, apiToken);
    const signedIn = await login(server.url, {
      username: "cpa@parity.test",
      consoleApiToken: String(cliToken.token),
      organizationId: orgA,
      devKey: devKey.key,
    });
    expect(signedIn.status).toBe(200);

    const [list, shown, tokens] = await Promise.all([
      cliJson<unknown[]>("console", "list"),
      cliJson("console", "show", firm),
      cliJson<unknown[]>("console", "tokens", firm),
    ]);
    expect(list).toEqual(await operator.consoles.list());
    expect(list).toHaveLength(2);
    expect(shown).toEqual(await operator.consoles.get(firm));
    expect(tokens).toEqual(await operator.consoles.listTokens(firm));
    expect(JSON.stringify(tokens)).not.toContain(String(cliToken.token));

    const cliRevoked = await cliJson("console", "revoke-token", firm, String(cliToken.id));
    const apiRevoked = await operator.consoles.revokeToken(firm, apiToken.id);
    expect(cliRevoked).toEqual({ id: cliToken.id, revoked: true, sessionsEnded: 1 });
    expect(apiRevoked).toEqual({ id: apiToken.id, revoked: true, sessionsEnded: 0 });
    expect((await sessionCheck(server.url, devKey.key, String(signedIn.body.sessionId))).status).toBe(401);

    const cliRemovedUser = await cliJson("console", "remove-user", firm, cpa);
    const apiRemovedUser = await operator.consoles.removeUser(apiConsole.id, String(apiUser.userId));
    expectSameFields(cliRemovedUser, apiRemovedUser);
    const cliUnlinked = await cliJson("console", "remove-org", firm, orgA);
    const apiUnlinked = await operator.consoles.removeOrganization(apiConsole.id, orgA);
    expect(apiUnlinked).toEqual({ ...cliUnlinked, consoleId: apiConsole.id });
  });

  it("manage OAuth apps with the same fields: create, list, revoke", async () => {
    // Bob is an administrator of organization A.
    const [cliApp, apiApp] = [
      await cliJson("oauth-app", "create", "--org", orgA, "--user", bob, "--name", "Parity ERP"),
      await operator.oauthApps.create({
        organizationId: orgA,
        userId: bob,
        name: "Parity pay",
        scope: "full",
      }),
    ];
    expectSameFields(cliApp, apiApp);
    expect([cliApp.scope, apiApp.scope]).toEqual(["accounting", "full"]);
    const [cliList, cliListA] = await Promise.all([
      cliJson<unknown[]>("oauth-app", "list"),
      cliJson<unknown[]>("oauth-app", "list", "--org", orgA),
    ]);
    expect(cliList).toEqual(await operator.oauthApps.list());
    expect(cliListA).toEqual(await operator.oauthApps.list({ organizationId: orgA }));
    expect(cliListA).toHaveLength(2);
    expect(JSON.stringify(cliList)).not.toContain(String(cliApp.clientSecret));
    const [cliRevoked, apiRevoked] = [
      await cliJson("oauth-app", "revoke", String(apiApp.id)),
      await operator.oauthApps.revoke(String(cliApp.id)),
    ];
    expect(cliRevoked).toEqual({ ...apiRevoked, id: apiApp.id });
    // Their hidden developer keys are no developer keys anyone lists.
    expect(await cliJson<unknown[]>("devkey", "list")).toEqual(await operator.devKeys.list());
    expect(await operator.devKeys.list()).toHaveLength(4);
  });
});
