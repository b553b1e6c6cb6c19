/**
 * `GET /v3/organizations/industries` (docs/bill-v3-resources.md 7.9): BILL's shape, any role,
 * a session required. SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachBackend } from "../helpers/backends.ts";
import { provisionAccount, startTestServer, type TestServer } from "../helpers/helpers.ts";
import { signedIn, signedInWithRole } from "../helpers/provisioning-helpers.ts";

describeEachBackend("organization industries", (backend) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ backend });
  });
  afterEach(() => t.close());

  it("answers BILL's shape to any role, and a dead session 401", async () => {
    const admin = await provisionAccount(t.deps);
    const client = await signedIn(t, admin);
    const { results } = await client.organizations.industries();
    expect(results).toContain("Restaurant Caterer or Bar");
    expect(results.length).toBeGreaterThan(10);
    expect(new Set(results).size).toBe(results.length);
    const auditor = await signedInWithRole(t, admin, "AUDITOR");
    expect(await auditor.organizations.industries()).toEqual({ results });
    const raw = await client.rawRequest({ method: "GET", path: "/v3/organizations/industries", auth: true });
    expect(Object.keys(raw.body as object)).toEqual(["results"]);
    const post = await client.rawRequest({
      method: "POST",
      path: "/v3/organizations/industries",
      auth: true,
    });
    expect(post.status).toBe(405);

    const dead = await client.rawRequest({
      method: "GET",
      path: "/v3/organizations/industries",
      headers: { devKey: admin.devKey, sessionId: "not-a-session" },
    });
    expect(dead.status).toBe(401);
    expect((dead.body as { code: string }[])[0]?.code).toBe("BDC_1109");
    const none = await client.rawRequest({ method: "GET", path: "/v3/organizations/industries" });
    expect(none.status).toBe(400);
  });
});
