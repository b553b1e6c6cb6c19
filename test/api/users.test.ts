import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillClient, BillErrorEntry, User } from "../../client/src/index.ts";
import { errorParams } from "../../client/src/index.ts";
import {
  type Account,
  codesOf,
  loginBody,
  postJson,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import { acceptNewestInvitation, signedIn, withoutTimestamps } from "../helpers/provisioning-helpers.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
const USER_ID = /^00601[0-9A-Za-z]{15}$/;

describe("users (organization level)", () => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer();
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  const roleId = async (c: BillClient, type: string) =>
    (await c.roles.list().toArray()).find((role) => role.type === type)?.id ?? "";

  it("creates a user: the spec's object, the ADMINISTRATOR role by default, no password yet", async () => {
    const user = await client.users.create({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "Ada@Example.com",
      acceptTermsOfService: true,
    });
    expect(user).toEqual({
      id: expect.stringMatching(USER_ID),
      archived: false,
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      role: { id: await roleId(client, "ADMINISTRATOR"), type: "ADMINISTRATOR" },
      createdTime: expect.stringMatching(ISO),
      updatedTime: expect.stringMatching(ISO),
      // (ours) until the person accepts the invitation.
      pending: true,
    });
    expect(Object.keys(user)).toEqual([
      "id",
      "archived",
      "firstName",
      "lastName",
      "email",
      "role",
      "createdTime",
      "updatedTime",
      "pending",
    ]);
    expect(await client.users.get(user.id)).toEqual(user);
    expect((await t.deps.stores.users.findById(user.id))?.passwordHash).toBeNull();
    await acceptNewestInvitation(t, "ada@example.com", "Ada's own password");
    const { pending, ...accepted } = user;
    expect(await client.users.get(user.id)).toEqual({ ...accepted, updatedTime: expect.stringMatching(ISO) });
    const clerk = await client.users.create({
      firstName: "Bo",
      email: "bo@example.com",
      roleId: await roleId(client, "CLERK"),
      acceptTermsOfService: true,
    });
    expect(clerk.role.type).toBe("CLERK");
    expect(clerk.lastName).toBe("");
  });

  it("validates the body: missing fields are BDC_1108 in order, wrong values BDC_9001", async () => {
    const res = await postJson(
      client,
      "/v3/users",
      { lastName: "x" },
      { devKey: admin.devKey, sessionId: client.sessionId! },
    );
    expect(res.status).toBe(400);
    expect((res.body as BillErrorEntry[]).map((e) => errorParams(e))).toEqual([
      { paramName0: "firstName" },
      { paramName0: "email" },
      { paramName0: "acceptTermsOfService" },
    ]);
    expect(codesOf(res.body)).toEqual(["BDC_1108", "BDC_1108", "BDC_1108"]);

    const valid = { firstName: "Ann", email: "ann@example.com", acceptTermsOfService: true };
    const otherOrg = await provisionAccount(t.deps);
    const foreignRole = (await t.deps.stores.roles.findByType(otherOrg.organizationId, "CLERK"))?.id ?? "";
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, firstName: "x".repeat(101) }, "firstName"],
      [{ ...valid, firstName: "   " }, "firstName"],
      [{ ...valid, firstName: 7 }, "firstName"],
      [{ ...valid, lastName: "x".repeat(101) }, "lastName"],
      [{ ...valid, email: "not-an-email" }, "email"],
      [{ ...valid, acceptTermsOfService: false }, "acceptTermsOfService"],
      [{ ...valid, acceptTermsOfService: "true" }, "acceptTermsOfService"],
      [{ ...valid, roleId: "0po01NOSUCHROLE00000" }, "roleId"],
      [{ ...valid, roleId: foreignRole }, "roleId"],
    ];
    for (const [body, field] of cases) {
      const error = await rejection(client.users.create(body as never));
      expect([error.status, error.code, errorParams(error.errors[0])], field).toEqual([
        400,
        "BDC_9001",
        { paramName0: field },
      ]);
    }
    // 100 characters, even outside the BMP, are fine.
    t.clock.advance(1);
    const long = await client.users.create({
      ...valid,
      firstName: "😀".repeat(100),
      acceptTermsOfService: true,
    });
    expect(long.firstName).toBe("😀".repeat(100));
    expect((await client.users.list().toArray()).map((u) => u.email)).toEqual([admin.username, valid.email]);
  });

  it("refuses a duplicate email in one organization with 409 BDC_9008", async () => {
    const body = { firstName: "Ann", email: "ann@example.com", acceptTermsOfService: true } as const;
    await client.users.create(body);
    const error = await rejection(client.users.create({ ...body, email: "ANN@example.com" }));
    expect(error.status).toBe(409);
    expect(error.errors).toEqual([
      expect.objectContaining({
        code: "BDC_9008",
        message: "ann@example.com already exists.",
        params: [{ name: "paramName0", value: "ann@example.com" }],
      }),
    ]);
  });

  it("lets an email known in another organization join it once its owner accepts; names stay each organization's own", async () => {
    const other = await provisionAccount(t.deps);
    const otherClient = await signedIn(t, other);
    const joined = await client.users.create({
      firstName: "Second",
      email: other.username,
      acceptTermsOfService: true,
    });
    expect(joined.id).toBe(other.userId);
    // Pending until the person agrees (spec 5.1): no login into this organization yet.
    expect(joined.pending).toBe(true);
    const again = t.client(other.devKey);
    const early = await rejection(
      again.sessions.login({ ...loginBody(other), organizationId: admin.organizationId }),
    );
    expect([early.status, early.code]).toEqual([401, "BDC_1111"]);
    await client.users.update(joined.id, { firstName: "Renamed" });
    // The other organization's view, and the person's login, are unchanged.
    expect((await otherClient.users.get(other.userId)).firstName).toBe("");
    await acceptNewestInvitation(t, other.username, other.password);
    expect((await client.users.get(joined.id)).pending).toBeUndefined();
    await again.sessions.login({ ...loginBody(other), organizationId: admin.organizationId });
    expect((await again.sessions.details()).organizationId).toBe(admin.organizationId);
  });

  it("updates names and role; an empty lastName clears it", async () => {
    const user = await client.users.create({
      firstName: "Ann",
      lastName: "Lee",
      email: "ann@example.com",
      acceptTermsOfService: true,
    });
    t.clock.advance(5000);
    const updated = await client.users.update(user.id, {
      firstName: "Anna",
      roleId: await roleId(client, "AUDITOR"),
    });
    expect(updated).toEqual({
      ...user,
      firstName: "Anna",
      role: { id: await roleId(client, "AUDITOR"), type: "AUDITOR" },
      updatedTime: new Date(t.clock.now()).toISOString().replace("Z", "+00:00"),
    });
    expect((await client.users.update(user.id, { lastName: "" })).lastName).toBe("");
    expect((await client.users.update(user.id, {})).firstName).toBe("Anna");
    const bad = await rejection(client.users.update(user.id, { firstName: "x".repeat(101) }));
    expect([bad.code, errorParams(bad.errors[0])]).toEqual(["BDC_9001", { paramName0: "firstName" }]);
  });

  it("an administrator can neither archive themself nor give up their own role", async () => {
    const self = await rejection(client.users.archive(admin.userId));
    expect([self.status, self.code, errorParams(self.errors[0])]).toEqual([
      400,
      "BDC_9001",
      { paramName0: "userId" },
    ]);
    const demote = await rejection(
      client.users.update(admin.userId, { roleId: await roleId(client, "CLERK") }),
    );
    expect([demote.status, demote.code, errorParams(demote.errors[0])]).toEqual([
      400,
      "BDC_9001",
      { paramName0: "roleId" },
    ]);
    expect((await client.sessions.details()).userId).toBe(admin.userId);
  });

  it("archiving ends the user's sessions in that organization at once; restoring lets them log in", async () => {
    const clerk = await provisionAccount(t.deps, { role: "CLERK" });
    // The clerk's organization is another one; add them here too, with a password they know.
    const member = await client.users.create({
      firstName: "Clerk",
      email: clerk.username,
      roleId: await roleId(client, "CLERK"),
      acceptTermsOfService: true,
    });
    await acceptNewestInvitation(t, clerk.username, clerk.password);
    const here = t.client(admin.devKey);
    await here.sessions.login({
      ...loginBody(clerk),
      organizationId: admin.organizationId,
    });
    const home = await signedIn(t, clerk);

    const archived = await client.users.archive(member.id);
    const { pending, ...accepted } = member;
    expect(archived).toEqual({ ...accepted, archived: true, updatedTime: expect.any(String) });
    expect((await rejection(here.sessions.details())).code).toBe("BDC_1109");
    // Only this organization: the session in their own organization lives on.
    expect((await home.sessions.details()).userId).toBe(clerk.userId);
    const login = await rejection(
      here.sessions.login({
        ...loginBody(clerk),
        organizationId: admin.organizationId,
      }),
    );
    expect(login.code).toBe("BDC_1111");
    // Archived users are still listed, and archiving twice is harmless.
    expect((await client.users.list().toArray()).find((u) => u.id === member.id)?.archived).toBe(true);
    expect((await client.users.archive(member.id)).archived).toBe(true);

    expect((await client.users.restore(member.id)).archived).toBe(false);
    await here.sessions.login({
      ...loginBody(clerk),
      organizationId: admin.organizationId,
    });
    expect((await here.sessions.details()).userId).toBe(clerk.userId);
  });

  it("reads need any role; writes need ADMINISTRATOR (403 BDC_9004)", async () => {
    const user = await client.users.create({
      firstName: "U",
      email: "u@example.com",
      acceptTermsOfService: true,
    });
    const auditor = await provisionAccount(t.deps, { role: "AUDITOR" });
    const reader = await signedIn(t, auditor);
    expect((await reader.users.list().toArray()).map((u) => u.id)).toEqual([auditor.userId]);
    expect((await reader.roles.list().toArray()).length).toBe(6);
    expect((await reader.organizations.get(auditor.organizationId)).id).toBe(auditor.organizationId);
    // An auditor of the admin's organization: reads work there, writes do not.
    const inAdminOrg = await client.users.create({
      firstName: "Aud",
      email: auditor.username,
      roleId: await roleId(client, "AUDITOR"),
      acceptTermsOfService: true,
    });
    await acceptNewestInvitation(t, auditor.username, auditor.password);
    const auditorHere = t.client(admin.devKey);
    await auditorHere.sessions.login({
      ...loginBody(auditor),
      organizationId: admin.organizationId,
    });
    expect((await auditorHere.users.get(user.id)).id).toBe(user.id);
    const writes = [
      () => auditorHere.users.create({ firstName: "X", email: "x@example.com", acceptTermsOfService: true }),
      () => auditorHere.users.update(user.id, { firstName: "Y" }),
      () => auditorHere.users.archive(user.id),
      () => auditorHere.users.restore(user.id),
      () => auditorHere.organizations.update(admin.organizationId, { name: "Mine" }),
    ];
    for (const write of writes) {
      const error = await rejection(write());
      expect([error.status, error.code, error.errors[0]?.message]).toEqual([
        403,
        "BDC_9004",
        "Insufficient permissions for this operation.",
      ]);
    }
    expect((await client.users.get(inAdminOrg.id)).role.type).toBe("AUDITOR");
    expect((await client.users.list().toArray()).map((u) => u.email)).not.toContain("x@example.com");
  });

  it("answers another organization's user exactly like one that does not exist", async () => {
    const other = await provisionAccount(t.deps);
    const missing = "00601NoSuchUser00000";
    const raw = (id: string, method = "GET", suffix = "") =>
      client.rawRequest({ method, path: `/v3/users/${id}${suffix}`, auth: true });
    for (const [method, suffix] of [
      ["GET", ""],
      ["POST", "/archive"],
      ["POST", "/restore"],
    ] as const) {
      const foreign = await raw(other.userId, method, suffix);
      const unknown = await raw(missing, method, suffix);
      expect(foreign.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(withoutTimestamps(foreign.body)).toEqual(
        withoutTimestamps(JSON.parse(JSON.stringify(unknown.body).replaceAll(missing, other.userId))),
      );
      expect(foreign.body).toEqual([
        expect.objectContaining({
          code: "BDC_9005",
          category: "DOWNSTREAM",
          message: `No data found for id: ${other.userId}.`,
          params: [{ name: "paramName0", value: other.userId }],
        }),
      ]);
    }
    const patch = await rejection(client.users.update(other.userId, { firstName: "Mine" }));
    expect([patch.status, patch.code]).toEqual([404, "BDC_9005"]);
    expect((await t.deps.stores.memberships.findMember(other.organizationId, other.userId))?.archived).toBe(
      false,
    );
  });

  it("requires a session: missing headers BDC_1108, a dead session BDC_1109", async () => {
    const none = await client.rawRequest({ method: "GET", path: "/v3/users" });
    expect(none.status).toBe(400);
    expect(codesOf(none.body)).toEqual(["BDC_1108", "BDC_1108"]);
    await client.sessions.logout();
    const dead = await client.rawRequest({
      method: "GET",
      path: "/v3/users",
      headers: { devKey: admin.devKey, sessionId: "not-a-session" },
    });
    expect([dead.status, codesOf(dead.body)]).toEqual([401, ["BDC_1109"]]);
    const wrongMethod = await client.rawRequest({ method: "DELETE", path: `/v3/users/${admin.userId}` });
    expect(wrongMethod.status).toBe(405);
  });

  it("lists users: typed iteration across pages", async () => {
    const created: User[] = [];
    for (let i = 0; i < 4; i++) {
      t.clock.advance(1);
      created.push(
        await client.users.create({
          firstName: `U${i}`,
          email: `u${i}@example.com`,
          acceptTermsOfService: true,
        }),
      );
    }
    const seen: string[] = [];
    for await (const user of client.users.list({ max: 2 })) seen.push(user.id);
    expect(seen).toEqual([admin.userId, ...created.map((u) => u.id)]);
  });
});
