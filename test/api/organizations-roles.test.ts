import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillClient } from "../../client/src/index.ts";
import { errorParams } from "../../client/src/index.ts";
import {
  type Account,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import { ADDRESS, signedIn, withoutTimestamps } from "../helpers/provisioning-helpers.ts";

describe("organizations and roles (organization level)", () => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer();
    admin = await provisionAccount(t.deps, { organizationName: "Acme" });
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  it("reads the session's organization: the spec's object, unset fields absent", async () => {
    expect(await client.organizations.get(admin.organizationId)).toEqual({
      id: admin.organizationId,
      name: "Acme",
      archived: false,
      createdTime: "2026-11-29T10:00:00.000+00:00",
      updatedTime: "2026-11-29T10:00:00.000+00:00",
    });
  });

  it("updates every field of spec section 5; the fields not given stay", async () => {
    t.clock.advance(60_000);
    const changes = {
      name: "Acme Inc",
      phone: "+1 555 0100",
      address: { ...ADDRESS, line2: "Suite 4", stateOrProvince: "CA" },
      mailingAddress: ADDRESS,
      industry: "Restaurant Caterer or Bar",
      taxId: "999888777",
      taxIdType: "EIN",
      businessCategory: "LLC",
      accountType: "BUSINESS",
    };
    const updated = await client.organizations.update(admin.organizationId, changes);
    expect(updated).toEqual({
      id: admin.organizationId,
      archived: false,
      ...changes,
      createdTime: "2026-11-29T10:00:00.000+00:00",
      updatedTime: "2026-11-29T10:01:00.000+00:00",
    });
    // The wire shows the spec's order of fields.
    const raw = await client.rawRequest({
      method: "GET",
      path: `/v3/organizations/${admin.organizationId}`,
      auth: true,
    });
    expect(Object.keys(raw.body as object)).toEqual([
      "id",
      "name",
      "archived",
      "phone",
      "address",
      "mailingAddress",
      "industry",
      "taxId",
      "taxIdType",
      "businessCategory",
      "accountType",
      "createdTime",
      "updatedTime",
    ]);
    const renamed = await client.organizations.update(admin.organizationId, { name: "Acme 2" });
    expect(renamed).toEqual({ ...updated, name: "Acme 2" });
    expect(await client.organizations.get(admin.organizationId)).toEqual(renamed);
  });

  it("validates: lengths and types are BDC_9001, a partial address names its missing fields", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "x".repeat(101) }, "name"],
      [{ name: 42 }, "name"],
      [{ industry: "x".repeat(501) }, "industry"],
      [{ address: "1 Main St" }, "address"],
      [{ address: { ...ADDRESS, zipOrPostalCode: 12345 } }, "address.zipOrPostalCode"],
    ];
    for (const [body, field] of cases) {
      const error = await rejection(client.organizations.update(admin.organizationId, body as never));
      expect([error.status, error.code, errorParams(error.errors[0])], field).toEqual([
        400,
        "BDC_9001",
        { paramName0: field },
      ]);
    }
    expect(
      (await client.organizations.update(admin.organizationId, { industry: "x".repeat(500) })).industry,
    ).toHaveLength(500);
    const partial = await rejection(
      client.organizations.update(admin.organizationId, { address: { line1: "x" } } as never),
    );
    expect(partial.errors.map((e) => [e.code, errorParams(e).paramName0])).toEqual([
      ["BDC_1108", "address.city"],
      ["BDC_1108", "address.zipOrPostalCode"],
      ["BDC_1108", "address.country"],
    ]);
    expect((await client.organizations.get(admin.organizationId)).address).toBeUndefined();
  });

  it("shows no other organization: its id is BDC_9005 like an unknown one; writes need ADMINISTRATOR", async () => {
    const other = await provisionAccount(t.deps);
    const unknown = "00801NoSuchOrg000000";
    const foreign = await rejection(client.organizations.get(other.organizationId));
    const missing = await rejection(client.organizations.get(unknown));
    expect([foreign.status, foreign.code, foreign.errors[0]?.message]).toEqual([
      404,
      "BDC_9005",
      `No data found for id: ${other.organizationId}.`,
    ]);
    expect(withoutTimestamps(foreign.errors)).toEqual(
      withoutTimestamps(JSON.parse(JSON.stringify(missing.errors).replaceAll(unknown, other.organizationId))),
    );
    const patch = await rejection(client.organizations.update(other.organizationId, { name: "Mine" }));
    expect([patch.status, patch.code]).toEqual([404, "BDC_9005"]);
    expect((await t.deps.stores.organizations.findById(other.organizationId))?.name).not.toBe("Mine");

    const clerk = await provisionAccount(t.deps, { role: "CLERK" });
    const clerkClient = await signedIn(t, clerk);
    expect((await clerkClient.organizations.get(clerk.organizationId)).id).toBe(clerk.organizationId);
    const denied = await rejection(clerkClient.organizations.update(clerk.organizationId, { name: "Mine" }));
    expect([denied.status, denied.code]).toEqual([403, "BDC_9004"]);
  });

  it("lists the six default roles and reads one; another organization's role is BDC_9005", async () => {
    const roles = await client.roles.list().toArray();
    expect(roles.map((r) => [r.type, r.name])).toEqual([
      ["ADMINISTRATOR", "Administrator"],
      ["ACCOUNTANT", "Accountant"],
      ["APPROVER", "Approver"],
      ["PAYER", "Payer"],
      ["CLERK", "Clerk"],
      ["AUDITOR", "Auditor"],
    ]);
    for (const role of roles) {
      expect(role).toEqual({
        id: expect.stringMatching(/^0po01[0-9A-Za-z]{15}$/),
        type: role.type,
        name: role.name,
        description: expect.any(String),
      });
      expect(await client.roles.get(role.id)).toEqual(role);
    }
    const other = await provisionAccount(t.deps);
    const foreignRole = (await t.deps.stores.roles.findByType(other.organizationId, "CLERK"))?.id ?? "";
    const error = await rejection(client.roles.get(foreignRole));
    expect([error.status, error.code, errorParams(error.errors[0])]).toEqual([
      404,
      "BDC_9005",
      { paramName0: foreignRole },
    ]);
  });
});
