import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/helpers/helpers.ts";
import { applySeed } from "./seed.ts";

const FILE = {
  organizations: [{ name: "OAuth Seeded" }],
  users: [
    {
      email: "Admin@OAuth.test",
      password: "pw-seed-long-enough",
      memberships: [{ organization: "OAuth Seeded" }],
    },
  ],
  oauthApps: [
    { organization: "OAuth Seeded", user: "admin@oauth.test", name: "ERP", scope: "accounting" },
    {
      organization: "OAuth Seeded",
      user: "admin@oauth.test",
      name: "Pay",
      scope: "full",
      clientId: "0oa01SEEDEDAPPAAAAAA",
      clientSecret: "seeded-client-secret-0123456789",
    },
  ],
};

describe("seed file: oauthApps", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  it("makes the apps once (a generated secret shown in the report only), then finds them unchanged", async () => {
    const first = await applySeed(t.deps, FILE);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    const apps = first.value.created.filter((c) => c.kind === "oauthApp");
    expect(apps).toEqual([
      {
        kind: "oauthApp",
        id: expect.stringMatching(/^0oa01/),
        label: "ERP",
        changes: ["scope accounting"],
        key: expect.any(String),
      },
      { kind: "oauthApp", id: "0oa01SEEDEDAPPAAAAAA", label: "Pay", changes: ["scope full"] },
    ]);
    const again = await applySeed(t.deps, FILE);
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.value.created).toEqual([]);
    expect(again.value.unchanged.filter((c) => c.kind === "oauthApp").map((c) => c.label)).toEqual([
      "ERP",
      "Pay",
    ]);
    // The literal secret works at the token endpoint.
    const answer = await fetch(`${t.server.url}/authx/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "0oa01SEEDEDAPPAAAAAA",
        client_secret: "seeded-client-secret-0123456789",
      }).toString(),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { scope: string }).scope).toBe("full");
  });

  it("reports a bad entry with its path and writes nothing; a scope is fixed at creation", async () => {
    const bad = await applySeed(t.deps, {
      ...FILE,
      oauthApps: [{ organization: "OAuth Seeded", user: "admin@oauth.test", name: "x", scope: "everything" }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.params?.paramName0).toBe("$.oauthApps[0].scope");
    expect(await t.deps.stores.oauthApps.list({})).toEqual([]);
    expect((await applySeed(t.deps, FILE)).ok).toBe(true);
    const changed = await applySeed(t.deps, {
      ...FILE,
      oauthApps: [{ ...FILE.oauthApps[1], scope: "accounting" }],
    });
    expect(changed.ok).toBe(false);
    if (!changed.ok) expect(changed.errors[0]?.params?.paramName0).toBe("$.oauthApps[0].scope");
  });
});
