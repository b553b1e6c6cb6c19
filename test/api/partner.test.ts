import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillErrorEntry } from "../../client/src/index.ts";
import { BillPartnerClient, errorParams, type Organization } from "../../client/src/index.ts";
import {
  codesOf,
  postJson,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import {
  ADDRESS,
  type PartnerAccount,
  partnerSignedIn,
  provisionPartner,
} from "../helpers/provisioning-helpers.ts";

const MINUTE = 60 * 1000;

describe("partner level (spec section 8)", () => {
  let t: TestServer;
  let partner: PartnerAccount;
  let client: BillPartnerClient;

  beforeEach(async () => {
    t = await startTestServer();
    partner = await provisionPartner(t.deps, "Acme Partners");
    client = await partnerSignedIn(t, partner);
  });
  afterEach(() => t.close());

  const newOrganization = (name = "Rice Cakes Inc") =>
    client.organizations.create({ name, address: ADDRESS });

  it("logs in with appKey, username and password; every wrong one is the same BDC_1101", async () => {
    const fresh = new BillPartnerClient({ baseUrl: t.baseUrl, appKey: partner.appKey });
    const login = await fresh.login({ username: partner.username.toUpperCase(), password: partner.password });
    expect(login).toEqual({
      sessionId: expect.stringMatching(/^[\w-]{43}$/),
      userId: expect.stringMatching(/^0pu01/),
    });
    const other = await provisionPartner(t.deps);
    const attempts = [
      { appKey: "unknown-app-key-0123456789", username: partner.username, password: partner.password },
      { appKey: partner.appKey, username: "nobody", password: partner.password },
      { appKey: partner.appKey, username: partner.username, password: "wrong" },
      { appKey: other.appKey, username: partner.username, password: partner.password },
    ];
    for (const body of attempts) {
      const res = await postJson(fresh, "/v3/partner/login", body);
      expect([res.status, codesOf(res.body)]).toEqual([401, ["BDC_1101"]]);
    }
    const missing = await postJson(fresh, "/v3/partner/login", {});
    expect((missing.body as BillErrorEntry[]).map((e) => errorParams(e).paramName0)).toEqual([
      "appKey",
      "username",
      "password",
    ]);
  });

  it("locks a partner username after the configured failures", async () => {
    await t.close();
    t = await startTestServer({ config: { lockoutThreshold: 2 } });
    partner = await provisionPartner(t.deps);
    const fresh = new BillPartnerClient({ baseUrl: t.baseUrl, appKey: partner.appKey });
    for (let i = 0; i < 2; i++) {
      expect((await rejection(fresh.login({ username: partner.username, password: "x" }))).code).toBe(
        "BDC_1101",
      );
    }
    const locked = await rejection(fresh.login({ username: partner.username, password: partner.password }));
    expect([locked.status, locked.code]).toEqual([401, "BDC_1110"]);
    t.clock.advance(15 * MINUTE);
    expect(
      (await fresh.login({ username: partner.username, password: partner.password })).sessionId,
    ).toBeTruthy();
  });

  it("creates organizations with the six roles and lists only its own", async () => {
    const organization = await client.organizations.create({
      name: "Rice Cakes Inc",
      address: { ...ADDRESS, stateOrProvince: "CA" },
      phone: "+1 555 0100",
      taxIdType: "EIN",
    });
    expect(organization).toEqual({
      id: expect.stringMatching(/^00801/),
      name: "Rice Cakes Inc",
      archived: false,
      phone: "+1 555 0100",
      address: { ...ADDRESS, stateOrProvince: "CA" },
      taxIdType: "EIN",
      createdTime: "2026-11-29T10:00:00.000+00:00",
      updatedTime: "2026-11-29T10:00:00.000+00:00",
    });
    expect((await client.roles(organization.id).list().toArray()).map((r) => r.type)).toEqual([
      "ADMINISTRATOR",
      "ACCOUNTANT",
      "APPROVER",
      "PAYER",
      "CLERK",
      "AUDITOR",
    ]);
    const rival = await partnerSignedIn(t, await provisionPartner(t.deps));
    const theirs = await rival.organizations.create({ name: "Theirs", address: ADDRESS });
    await provisionAccount(t.deps);
    const mine: Organization[] = [organization];
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1);
      mine.push(await newOrganization(`Org ${i}`));
    }
    const listed: string[] = [];
    for await (const o of client.organizations.list({ max: 2 })) listed.push(o.id);
    expect(listed).toEqual(mine.map((o) => o.id));
    expect(listed).not.toContain(theirs.id);
  });

  it("requires name and address with line1, city, zipOrPostalCode and country", async () => {
    const missing = await rejection(client.organizations.create({} as never));
    expect(missing.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_1108", "name"],
      ["BDC_1108", "address"],
    ]);
    const partial = await rejection(
      client.organizations.create({ name: "X", address: { line1: "1 Main" } } as never),
    );
    expect(partial.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_1108", "address.city"],
      ["BDC_1108", "address.zipOrPostalCode"],
      ["BDC_1108", "address.country"],
    ]);
    const long = await rejection(client.organizations.create({ name: "x".repeat(101), address: ADDRESS }));
    expect([long.code, errorParams(long.errors[0])]).toEqual(["BDC_9001", { paramName0: "name" }]);
    expect(await client.organizations.list().toArray()).toEqual([]);
  });

  it("manages users of its organizations with the organizationId header", async () => {
    const organization = await newOrganization();
    const users = client.users(organization.id);
    const clerkRole = (await client.roles(organization.id).list().toArray()).find((r) => r.type === "CLERK");
    const user = await users.create({
      firstName: "Tomato",
      lastName: "Soupsmith",
      email: "tomato@example.com",
      roleId: clerkRole?.id,
      username: "TSoupsm!th1",
      externalReferenceId: "ext-42",
      acceptTermsOfService: true,
    });
    expect(user).toEqual({
      id: expect.stringMatching(/^00601/),
      archived: false,
      firstName: "Tomato",
      lastName: "Soupsmith",
      email: "tomato@example.com",
      role: { id: clerkRole?.id, type: "CLERK" },
      createdTime: expect.any(String),
      updatedTime: expect.any(String),
      username: "tsoupsm!th1",
      externalReferenceId: "ext-42",
      pending: true,
    });
    expect(await users.get(user.id)).toEqual(user);
    expect((await users.list().toArray()).map((u) => u.id)).toEqual([user.id]);
    const taken = await rejection(
      users.create({
        firstName: "B",
        email: "b@example.com",
        username: "tsoupsm!th1",
        acceptTermsOfService: true,
      }),
    );
    expect([taken.status, taken.code]).toEqual([409, "BDC_9008"]);

    // The new address must confirm the change (spec 5.1): until then the old one stays.
    const moved = await users.update(user.id, { email: "Tomato2@example.com", lastName: "S" });
    expect([moved.email, moved.lastName]).toEqual(["tomato@example.com", "S"]);
    const [confirmation] = await t.deps.stores.outbox.list({ recipient: "tomato2@example.com", limit: 1 });
    expect(confirmation?.purpose).toBe("email-change");
    expect((await users.archive(user.id)).archived).toBe(true);
    expect((await users.restore(user.id)).archived).toBe(false);
  });

  it("may not change the e-mail of someone who belongs to an organization it did not create", async () => {
    const account = await provisionAccount(t.deps);
    const organization = await newOrganization();
    const joined = await client
      .users(organization.id)
      .create({ firstName: "Ann", email: account.username, acceptTermsOfService: true });
    expect(joined.id).toBe(account.userId);
    const error = await rejection(
      client.users(organization.id).update(joined.id, { email: "mine@example.com" }),
    );
    expect([error.code, errorParams(error.errors[0])]).toEqual(["BDC_9001", { paramName0: "email" }]);
    expect((await t.deps.stores.users.findById(account.userId))?.email).toBe(account.username);
  });

  it("answers BDC_9005 for any organization it did not create, and BDC_1108 without the header", async () => {
    const rival = await partnerSignedIn(t, await provisionPartner(t.deps));
    const theirs = await rival.organizations.create({ name: "Theirs", address: ADDRESS });
    const plain = await provisionAccount(t.deps);
    for (const id of [theirs.id, plain.organizationId, "00801NoSuchOrg000000"]) {
      for (const call of [
        () => client.users(id).list().firstPage(),
        () => client.roles(id).list().firstPage(),
      ]) {
        const error = await rejection(call());
        expect([error.status, error.code, error.errors[0]?.message]).toEqual([
          404,
          "BDC_9005",
          `No data found for id: ${id}.`,
        ]);
      }
      const asUser = await rejection(client.loginAsUser({ userId: plain.userId, organizationId: id }));
      expect([asUser.status, asUser.code]).toEqual([404, "BDC_9005"]);
    }
    const noHeader = await client.rawRequest({ method: "GET", path: "/v3/partner/users", auth: true });
    expect([noHeader.status, noHeader.body]).toEqual([
      400,
      [
        expect.objectContaining({
          code: "BDC_1108",
          params: [{ name: "paramName0", value: "organizationId" }],
        }),
      ],
    ]);
  });
});
