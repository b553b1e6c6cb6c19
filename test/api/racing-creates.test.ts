/**
 * Creates that race for the same unique value (an e-mail, a username) end as one object and
 * 409s, never a 500: on SQLite transactions take turns, but on PostgreSQL two transactions can
 * both see the value free and only the unique index stops the second.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BillClient } from "../../client/src/index.ts";
import { createMember } from "../../src/auth/accounts/members.ts";
import { createPartner } from "../../src/auth/accounts/partners.ts";
import { createOrganization, createUser } from "../../src/auth/accounts/provisioning.ts";
import { newId } from "../../src/auth/crypto/ids.ts";
import { describeEachBackend } from "../helpers/backends.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";

const RACERS = 6;

describeEachBackend("racing creates", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    // The in-flight cap would turn all but three racers away before they reach the store.
    t = await startTestServer({ backend, config: { concurrentRequestLimit: 0 } });
    admin = await provisionAccount(t.deps);
    client = t.client(admin.devKey);
    await client.sessions.login(loginBody(admin));
  });
  afterEach(() => t.close());

  async function race(body: Record<string, unknown>) {
    return Promise.all(
      Array.from({ length: RACERS }, () =>
        client.rawRequest({
          method: "POST",
          path: "/v3/users",
          auth: true,
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        }),
      ),
    );
  }

  it("makes one user of racing creates with one new e-mail, the others 409 BDC_9008", async () => {
    const answers = await race({ firstName: "Ann", email: "ann@example.com", acceptTermsOfService: true });
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array(RACERS - 1).fill(409)]);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.body).toMatchObject([{ code: "BDC_9008" }]);
    }
    const users = await client.users.list().toArray();
    expect(users.filter((u) => u.email === "ann@example.com")).toHaveLength(1);
  });

  it("adds racing operator creates of one new e-mail as one account with one membership", async () => {
    const results = await Promise.all(
      Array.from({ length: RACERS }, () =>
        createUser(t.deps, {
          organizationId: admin.organizationId,
          email: "cy@example.com",
          password: "pw-long-enough",
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.errors[0]?.key)).toEqual(
      Array(RACERS - 1).fill("ALREADY_EXISTS"),
    );
    const user = await t.deps.stores.users.findByEmail("cy@example.com");
    expect(await t.deps.stores.memberships.listForUser(user?.id ?? "")).toHaveLength(1);
  });

  it("gives one username to one of racing member creates, the others ALREADY_EXISTS", async () => {
    const scope = { organizationId: admin.organizationId };
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        createMember(t.deps, scope, { firstName: "Bo", email: `bo${i}@example.com`, username: "bo" }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.errors[0]?.key)).toEqual(
      Array(RACERS - 1).fill("ALREADY_EXISTS"),
    );
    const members = await t.deps.stores.memberships.listAllMembers(admin.organizationId);
    // The admin, and the one winner (the losers' rolled-back users left no membership).
    expect(members).toHaveLength(2);
  });

  it("makes one organization of racing operator creates with one given id", async () => {
    const id = newId("organization");
    const results = await Promise.all(
      Array.from({ length: RACERS }, () => createOrganization(t.deps, { name: "Racing", id })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.errors[0]?.key)).toEqual(
      Array(RACERS - 1).fill("ALREADY_EXISTS"),
    );
    expect(await t.deps.stores.roles.listByOrganization(id)).toHaveLength(6);
  });

  it("makes one partner of racing operator creates with one given appKey", async () => {
    const appKey = "racing-app-key-0123456789abcdef";
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => createPartner(t.deps, { name: `Racer ${i}`, appKey })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.errors[0]?.key)).toEqual(
      Array(RACERS - 1).fill("ALREADY_EXISTS"),
    );
    expect(await t.deps.stores.partners.list()).toHaveLength(1);
  });
});
