/**
 * `GET /v3/login/organizations` (docs/bill-sign-in-modes.md section 5): the organizations the
 * session's user can access, each with the console organization it is reached through.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  addConsoleOrganization,
  addConsoleUser,
  createConsole,
  createConsoleToken,
} from "../../src/auth/accounts/consoles.ts";
import { createUser, setOrganizationLocked, setUserArchived } from "../../src/auth/accounts/provisioning.ts";
import { describeEachBackend } from "../helpers/backends.ts";
import {
  type Account,
  codesOf,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";

interface ListPage {
  results: { id: string; name: string; consoleOrganization?: { id: string; name: string } }[];
  nextPage?: string;
  prevPage?: string;
}
const pageOf = (res: { body: unknown }) => res.body as ListPage;
const idsOf = (res: { body: unknown }) => pageOf(res).results.map((o) => o.id);

describeEachBackend("GET /v3/login/organizations", (backend) => {
  let t: TestServer;
  let account: Account;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    account = await provisionAccount(t.deps, { organizationName: "Home Org" });
  });
  afterEach(() => t.close());

  const list = (sessionId: string, query: Record<string, string> = {}, devKey = account.devKey) =>
    t.client(devKey).rawRequest({
      method: "GET",
      path: "/v3/login/organizations",
      headers: { sessionId, devKey },
      query,
    });
  const passwordSession = async (who: Account = account) =>
    String(
      ((await postJson(t.client(who.devKey), "/v3/login", loginBody(who))).body as { sessionId: string })
        .sessionId,
    );

  it("needs a session: BDC_1108 without the headers, BDC_1109 with a wrong one", async () => {
    const bare = await t
      .client(account.devKey)
      .rawRequest({ method: "GET", path: "/v3/login/organizations" });
    expect(bare.status).toBe(400);
    expect(codesOf(bare.body)).toEqual(["BDC_1108", "BDC_1108"]);
    const wrong = await list("not-a-session");
    expect(wrong.status).toBe(401);
    expect(codesOf(wrong.body)).toEqual(["BDC_1109"]);
  });

  it("lists a password user's organizations, without a console, and not the archived or locked ones", async () => {
    const second = await provisionAccount(t.deps, { organizationName: "Second Org" });
    unwrap(await createUser(t.deps, { organizationId: second.organizationId, email: account.username }));
    const third = await provisionAccount(t.deps, { organizationName: "Third Org" });
    unwrap(await createUser(t.deps, { organizationId: third.organizationId, email: account.username }));
    const fourth = await provisionAccount(t.deps, { organizationName: "Fourth Org" });
    unwrap(await createUser(t.deps, { organizationId: fourth.organizationId, email: account.username }));
    const sessionId = await passwordSession();
    const userId = (await t.deps.stores.users.findByEmail(account.username))?.id ?? "";
    unwrap(await setUserArchived(t.deps, { userId, organizationId: third.organizationId, archived: true }));
    unwrap(await setOrganizationLocked(t.deps, fourth.organizationId, true));
    const res = await list(sessionId);
    expect(res.status).toBe(200);
    const expected = [
      { id: account.organizationId, name: "Home Org" },
      { id: second.organizationId, name: "Second Org" },
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(res.body).toEqual({ results: expected });
  });

  it("lists a console user's client organizations with their console organization, one entry per console", async () => {
    const clientA = await provisionAccount(t.deps, { organizationName: "Client A" });
    const clientB = await provisionAccount(t.deps, { organizationName: "Client B" });
    const firm = unwrap(await createConsole(t.deps, { name: "Acme CPAs" }));
    const beta = unwrap(await createConsole(t.deps, { name: "Beta Books" }));
    unwrap(await addConsoleOrganization(t.deps, firm.id, clientA.organizationId));
    unwrap(await addConsoleOrganization(t.deps, firm.id, clientB.organizationId));
    unwrap(await addConsoleOrganization(t.deps, beta.id, clientB.organizationId));
    // A console the user does not belong to is never listed.
    const foreign = unwrap(await createConsole(t.deps, { name: "Foreign" }));
    unwrap(await addConsoleOrganization(t.deps, foreign.id, clientA.organizationId));
    const cpa = unwrap(await addConsoleUser(t.deps, firm.id, { email: "cpa@example.com" }));
    unwrap(await addConsoleUser(t.deps, beta.id, { email: "cpa@example.com" }));
    const token = unwrap(await createConsoleToken(t.deps, firm.id, { userId: cpa.userId }));
    const login = await postJson(t.client(clientA.devKey), "/v3/login", {
      username: "cpa@example.com",
      consoleApiToken: token.token,
      organizationId: clientA.organizationId,
      devKey: clientA.devKey,
    });
    const sessionId = String((login.body as { sessionId: string }).sessionId);
    const res = await list(sessionId, {}, clientA.devKey);
    expect(res.status).toBe(200);
    const entries = [
      {
        id: clientA.organizationId,
        name: "Client A",
        consoleOrganization: { id: firm.id, name: "Acme CPAs" },
      },
      {
        id: clientB.organizationId,
        name: "Client B",
        consoleOrganization: { id: firm.id, name: "Acme CPAs" },
      },
      {
        id: clientB.organizationId,
        name: "Client B",
        consoleOrganization: { id: beta.id, name: "Beta Books" },
      },
    ].sort((a, b) => (`${a.id}${a.consoleOrganization.id}` < `${b.id}${b.consoleOrganization.id}` ? -1 : 1));
    expect(res.body).toEqual({ results: entries });
    // The client organization's own admin sees only its organization.
    const own = await list(await passwordSession(clientA), {}, clientA.devKey);
    expect(own.body).toEqual({ results: [{ id: clientA.organizationId, name: "Client A" }] });
  });

  it("pages with max and page as every v3 list, forward and back", async () => {
    const orgs = [account.organizationId];
    for (let i = 0; i < 4; i++) {
      const more = await provisionAccount(t.deps);
      unwrap(await createUser(t.deps, { organizationId: more.organizationId, email: account.username }));
      orgs.push(more.organizationId);
    }
    orgs.sort();
    const sessionId = await passwordSession();
    const all = await list(sessionId);
    expect(idsOf(all)).toEqual(orgs);
    expect(pageOf(all).nextPage).toBeUndefined();

    const first = await list(sessionId, { max: "2" });
    expect(idsOf(first)).toEqual(orgs.slice(0, 2));
    expect(pageOf(first).prevPage).toBeUndefined();
    const second = await list(sessionId, { max: "2", page: String(pageOf(first).nextPage) });
    expect(idsOf(second)).toEqual(orgs.slice(2, 4));
    const third = await list(sessionId, { max: "2", page: String(pageOf(second).nextPage) });
    expect(idsOf(third)).toEqual(orgs.slice(4));
    expect(pageOf(third).nextPage).toBeUndefined();
    const back = await list(sessionId, { max: "2", page: String(pageOf(third).prevPage) });
    expect(idsOf(back)).toEqual(orgs.slice(2, 4));
  });

  it("answers BDC_9001 for a bad max or page, and for another list's cursor", async () => {
    const sessionId = await passwordSession();
    for (const query of <Record<string, string>[]>[
      { max: "0" },
      { max: "101" },
      { max: "x" },
      { page: "%%%" },
      { page: "cm9sZXM" },
    ]) {
      const res = await list(sessionId, query);
      expect(res.status).toBe(400);
      expect(codesOf(res.body)).toEqual(["BDC_9001"]);
    }
    // A roles cursor is refused here.
    const roles = await t.client(account.devKey).rawRequest({
      method: "GET",
      path: "/v3/roles",
      headers: { sessionId, devKey: account.devKey },
      query: { max: "1" },
    });
    const res = await list(sessionId, { page: String(pageOf(roles).nextPage) });
    expect(codesOf(res.body)).toEqual(["BDC_9001"]);
  });
});
