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
import { signedIn } from "../helpers/provisioning-helpers.ts";

describe("list paging (spec section 1)", () => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer();
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  const addUsers = async (from: number, count: number) => {
    const ids: string[] = [];
    for (let i = from; i < from + count; i++) {
      t.clock.advance(1000);
      const user = await client.users.create({
        firstName: `User ${i}`,
        email: `user${i}@example.com`,
        acceptTermsOfService: true,
      });
      ids.push(user.id);
    }
    return ids;
  };

  it("pages forwards and back: nextPage absent on the last page, prevPage on the first", async () => {
    const ids = [admin.userId, ...(await addUsers(1, 4))];
    const first = await client.users.listPage({ max: 2 });
    expect(first.results.map((u) => u.id)).toEqual(ids.slice(0, 2));
    expect(first.prevPage).toBeUndefined();
    expect(first.nextPage).toEqual(expect.any(String));
    const second = await client.users.listPage({ max: 2, page: first.nextPage });
    expect(second.results.map((u) => u.id)).toEqual(ids.slice(2, 4));
    const last = await client.users.listPage({ max: 2, page: second.nextPage });
    expect(last.results.map((u) => u.id)).toEqual(ids.slice(4));
    expect(last.nextPage).toBeUndefined();
    const back = await client.users.listPage({ max: 2, page: last.prevPage });
    expect(back).toEqual(second);
    const start = await client.users.listPage({ max: 2, page: back.prevPage });
    expect(start).toEqual(first);
    // Exactly one full page: no nextPage.
    expect((await client.users.listPage({ max: 5 })).nextPage).toBeUndefined();
    expect((await client.users.listPage()).results).toHaveLength(5);
  });

  it("neither skips nor repeats a row while users are added between pages", async () => {
    const before = [admin.userId, ...(await addUsers(1, 5))];
    const page1 = await client.users.listPage({ max: 3 });
    // Added after page 1 was read: these come at the end, after every existing row...
    const added = await addUsers(100, 3);
    // ...and one that sorts before the position reached (a clock set back): an offset would
    // now show an existing row twice; a keyset position does not move.
    const now = t.clock.now();
    t.clock.set(Date.UTC(2026, 0, 1));
    await addUsers(200, 1);
    t.clock.set(now);
    const seen = page1.results.map((u) => u.id);
    let cursor = page1.nextPage;
    while (cursor) {
      const page = await client.users.listPage({ max: 3, page: cursor });
      seen.push(...page.results.map((u) => u.id));
      cursor = page.nextPage;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...before, ...added]);
  });

  it("iterates every item with for await, and page by page", async () => {
    const ids = [admin.userId, ...(await addUsers(1, 6))];
    const all: string[] = [];
    for await (const user of client.users.list({ max: 3 })) all.push(user.id);
    expect(all).toEqual(ids);
    const sizes: number[] = [];
    for await (const page of client.users.list({ max: 3 }).pages()) sizes.push(page.results.length);
    expect(sizes).toEqual([3, 3, 1]);
    expect((await client.users.list({ max: 4 }).firstPage()).results).toHaveLength(4);
  });

  it("refuses a max out of 1-100 or not a number, and a malformed or foreign cursor, with BDC_9001", async () => {
    for (const max of ["0", "101", "-1", "abc", "1.5", "", "20x"]) {
      const res = await client.rawRequest({ method: "GET", path: "/v3/users", query: { max }, auth: true });
      expect([res.status, res.body], `max=${max}`).toEqual([
        400,
        [expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "max" }] })],
      ]);
    }
    expect((await client.users.listPage({ max: 100 })).results).toHaveLength(1);
    const rolesPage = await client.roles.listPage({ max: 2 });
    const forged = Buffer.from("u.n.notanumber.00601AAAAAAAAAAAAAAA").toString("base64url");
    for (const page of ["%%%", "not base64!", forged, rolesPage.nextPage ?? "", "dQ=="]) {
      const error = await rejection(client.users.listPage({ page }));
      expect([error.status, error.code, errorParams(error.errors[0])], page).toEqual([
        400,
        "BDC_9001",
        { paramName0: "page" },
      ]);
    }
  });

  it("pages roles in BILL's order", async () => {
    const types: string[] = [];
    const pages = [];
    for await (const page of client.roles.list({ max: 4 }).pages()) pages.push(page);
    for (const page of pages) types.push(...page.results.map((role) => role.type));
    expect(types).toEqual(["ADMINISTRATOR", "ACCOUNTANT", "APPROVER", "PAYER", "CLERK", "AUDITOR"]);
    expect(pages.map((p) => [p.results.length, p.nextPage !== undefined, p.prevPage !== undefined])).toEqual([
      [4, true, false],
      [2, false, true],
    ]);
    const back = await client.roles.listPage({ max: 4, page: pages[1]?.prevPage });
    expect(back.results.map((r) => r.type)).toEqual(types.slice(0, 4));
  });
});
