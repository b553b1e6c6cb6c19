/**
 * v2's List and Crud dispatcher (docs/bill-sign-in-modes.md sections 2.5–2.7) over a test-local
 * mapping of `vendors` (TEST_VENDOR), PayBills' route, and the operator plane's view of v2:
 * the same records as v3, the same tenant and role rules, BILL's v2 error codes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OperatorClient } from "../../client/src/index.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import { postForm, postRaw, TEST_VENDOR, type V2Answer, v2Code, v2Login } from "../helpers/v2-helpers.ts";

const TOKEN = "operator-token-for-v2-tests-0123456789";

let t: TestServer;
let account: Account;
let sessionId: string;

beforeEach(async () => {
  t = await startTestServer({ v2Entities: [TEST_VENDOR], config: { operatorToken: TOKEN } });
  account = await provisionAccount(t.deps);
  sessionId = await v2Login(t, account);
});
afterEach(() => t.close());

const call = (
  path: string,
  data: unknown,
  as: { devKey: string; sessionId: string } = { devKey: account.devKey, sessionId },
) => postForm(t, path, { ...as, data });
const create = async (name: string, extra: Record<string, unknown> = {}) => {
  const answer = await call("Crud/Create/Vendor.json", { obj: { entity: "Vendor", name, ...extra } });
  expect(answer.body.response_status, JSON.stringify(answer.body)).toBe(0);
  return answer.body.response_data as { id: string; name: string; isActive: string };
};
const names = (answer: V2Answer) =>
  (answer.body.response_data as unknown as { name: string }[]).map((v) => v.name);
const v3 = (path: string, devKey = account.devKey, session = sessionId) =>
  t.client(devKey).rawRequest({ method: "GET", path, headers: { devKey, sessionId: session } });
const vendorCount = async (organizationId = account.organizationId) =>
  (await t.deps.stores.resources.listAll(organizationId, "vendors")).length;

describe("Crud", () => {
  it("creates through v2 what v3 reads, and reads through v2 what v3 created", async () => {
    const made = await create("Happy Music Supplies", { shortName: "Happy" });
    expect(made).toEqual({
      entity: "Vendor",
      id: expect.stringMatching(/^009/),
      isActive: "1",
      name: "Happy Music Supplies",
      shortName: "Happy",
      createdTime: expect.any(String),
      updatedTime: expect.any(String),
    });
    const onV3 = await v3(`/v3/vendors/${made.id}`);
    expect(onV3.status).toBe(200);
    expect(onV3.body).toMatchObject({ id: made.id, name: "Happy Music Supplies", archived: false });

    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const theirs = await client.vendors.create({ name: "Made on v3" });
    const read = await call("Crud/Read/Vendor.json", { id: theirs.id });
    expect(read.body.response_data).toMatchObject({ entity: "Vendor", id: theirs.id, name: "Made on v3" });
  });

  it("updates the fields v2 sends, and Delete / Undelete archive and restore", async () => {
    const made = await create("Old name");
    const updated = await call("Crud/Update/Vendor.json", {
      obj: { entity: "Vendor", id: made.id, name: "New name" },
    });
    expect(updated.body.response_data).toMatchObject({ id: made.id, name: "New name" });
    expect((await v3(`/v3/vendors/${made.id}`)).body).toMatchObject({ name: "New name" });

    const deleted = await call("Crud/Delete/Vendor.json", { id: made.id });
    expect(deleted.body.response_data).toMatchObject({ id: made.id, isActive: "2" });
    expect((await v3(`/v3/vendors/${made.id}`)).body).toMatchObject({ archived: true });
    const undeleted = await call("Crud/Undelete/Vendor.json", { id: made.id });
    expect(undeleted.body.response_data).toMatchObject({ id: made.id, isActive: "1" });
  });

  it("answers BILL's v2 codes for a wrong operation, entity, data or object, in the envelope with HTTP 200", async () => {
    const made = await create("Acme");
    const cases: [string, unknown, string, string][] = [
      ["Crud/Destroy/Vendor.json", { id: made.id }, "BDC_1115", "Invalid CRUD operation: Destroy."],
      ["Crud/Read/Nope.json", { id: made.id }, "BDC_1116", "Invalid CRUD operation entity: Nope."],
      ["Crud/Read/Vendor.json", undefined, "BDC_1108", "Missing parameter value for parameter: data."],
      [
        "Crud/Read/Vendor.json",
        "{not json",
        "BDC_1122",
        "Error Parsing Json Object. Please check your request.",
      ],
      ["Crud/Read/Vendor.json", "[1,2]", "BDC_1122", "Error Parsing Json Object. Please check your request."],
      ["Crud/Read/Vendor.json", {}, "BDC_1117", "Missing required data for: id."],
      ["Crud/Read/Vendor.json", { id: 7 }, "BDC_1124", "Invalid field datatype: id."],
      ["Crud/Create/Vendor.json", {}, "BDC_1117", "Missing required data for: obj."],
      ["Crud/Create/Vendor.json", { obj: "x" }, "BDC_1124", "Invalid field datatype: obj."],
      [
        "Crud/Create/Vendor.json",
        { obj: { entity: "Bill", name: "x" } },
        "BDC_1118",
        "Entity from CRUD operation: Vendor does not match the entity specified in the data: Bill.",
      ],
      [
        "Crud/Create/Vendor.json",
        { obj: { entity: "Vendor" } },
        "BDC_1117",
        "Missing required data for: name.",
      ],
      ["Crud/Update/Vendor.json", { obj: { name: "x" } }, "BDC_1117", "Missing required data for: id."],
      [
        "Crud/Create/Vendor.json",
        { obj: { name: "x".repeat(101) } },
        "BDC_9001",
        "Invalid value for parameter: name.",
      ],
    ];
    for (const [path, data, code, message] of cases) {
      const answer = await call(path, data);
      expect(answer.status, path).toBe(200);
      expect(answer.body, `${path} ${JSON.stringify(data)}`).toEqual({
        response_status: 1,
        response_message: "Error",
        response_data: { error_code: code, error_message: message },
      });
    }
    // No refusal wrote anything: the one vendor is the one made first.
    expect(await vendorCount()).toBe(1);
  });

  it("never echoes a client's text that is not a name", async () => {
    const answer = await call(`Crud/Read/${encodeURIComponent("<script>")}.json`, { id: "x" });
    expect(answer.body.response_data.error_message).toBe("Invalid CRUD operation entity: ?.");
  });

  it("another organization's session cannot read, change or delete this organization's record", async () => {
    const made = await create("Mine");
    const other = await provisionAccount(t.deps);
    const theirs = { devKey: other.devKey, sessionId: await v2Login(t, other) };
    for (const [path, data] of [
      ["Crud/Read/Vendor.json", { id: made.id }],
      ["Crud/Update/Vendor.json", { obj: { id: made.id, name: "Stolen" } }],
      ["Crud/Delete/Vendor.json", { id: made.id }],
    ] as const) {
      const answer = await call(path, data, theirs);
      expect(v2Code(answer), path).toBe("BDC_9005");
    }
    const list = await call("List/Vendor.json", {}, theirs);
    expect(list.body.response_data).toEqual([]);
    // My session with their devKey is no session at all.
    expect(v2Code(await call("List/Vendor.json", {}, { devKey: other.devKey, sessionId }))).toBe("BDC_1109");
    expect((await v3(`/v3/vendors/${made.id}`)).body).toMatchObject({ name: "Mine", archived: false });
  });

  it("writes only for the roles v3 lets write (BDC_9004), and reads for every role", async () => {
    const made = await create("Acme");
    const approver = await provisionAccount(t.deps, { role: "APPROVER" });
    const session = { devKey: approver.devKey, sessionId: await v2Login(t, approver) };
    const refused = await call("Crud/Create/Vendor.json", { obj: { name: "Nope" } }, session);
    expect(v2Code(refused)).toBe("BDC_9004");
    expect(await vendorCount(approver.organizationId)).toBe(0);
    expect((await call("List/Vendor.json", {}, session)).body.response_status).toBe(0);
    expect(made.id).toBeTruthy();
  });
});

describe("List", () => {
  beforeEach(async () => {
    for (const name of ["Cello", "Alto", "Banjo", "Accordion"]) {
      await create(name);
      // Lists without a sort are in creation order.
      t.clock.advance(1000);
    }
  });

  it("pages with start and max, sorts, and filters with BILL's operators", async () => {
    const all = await call("List/Vendor.json", { start: 0, max: 999 });
    expect(names(all)).toEqual(["Cello", "Alto", "Banjo", "Accordion"]);
    const sorted = await call("List/Vendor.json", { sort: [{ field: "name", asc: "true" }] });
    expect(names(sorted)).toEqual(["Accordion", "Alto", "Banjo", "Cello"]);
    const page = await call("List/Vendor.json", { start: 1, max: 2, sort: [{ field: "name", asc: false }] });
    expect(names(page)).toEqual(["Banjo", "Alto"]);
    const beyond = await call("List/Vendor.json", { start: 10, max: "5" });
    expect(beyond.body.response_data).toEqual([]);
    const startsWith = await call("List/Vendor.json", {
      filters: [{ field: "name", op: "sw", value: "A" }],
      sort: [{ field: "name", asc: 1 }],
    });
    expect(names(startsWith)).toEqual(["Accordion", "Alto"]);
  });

  it('maps a v2 field through the entity: isActive "2" is archived', async () => {
    const banjo = (await call("List/Vendor.json", { filters: [{ field: "name", op: "=", value: "Banjo" }] }))
      .body.response_data as unknown as { id: string }[];
    await call("Crud/Delete/Vendor.json", { id: banjo[0]?.id });
    const inactive = await call("List/Vendor.json", {
      filters: [{ field: "isActive", op: "=", value: "2" }],
    });
    expect(names(inactive)).toEqual(["Banjo"]);
    const active = await call("List/Vendor.json", { filters: [{ field: "isActive", op: "=", value: "1" }] });
    expect(names(active)).toEqual(["Cello", "Alto", "Accordion"]);
  });

  it("filters by time with BILL's v2 time form (+0000)", async () => {
    t.clock.advance(60_000);
    await create("Later");
    const since = new Date(t.clock.now() - 1000).toISOString().replace("Z", "+0000");
    const answer = await call("List/Vendor.json", {
      filters: [{ field: "createdTime", op: ">=", value: since }],
    });
    expect(names(answer)).toEqual(["Later"]);
  });

  it("answers BILL's v2 codes for a wrong entity, field, operator, value, start, max or sort", async () => {
    const cases: [string, unknown, string, string][] = [
      ["List/Nope.json", {}, "BDC_1128", "Invalid List entity: Nope."],
      ["List/Vendor.json", undefined, "BDC_1108", "Missing parameter value for parameter: data."],
      ["List/Vendor.json", "nope", "BDC_1122", "Error Parsing Json Object. Please check your request."],
      [
        "List/Vendor.json",
        { max: 1000 },
        "BDC_1129",
        "Invalid parameter value for parameter,value: max, 1000.",
      ],
      ["List/Vendor.json", { max: 0 }, "BDC_1129", "Invalid parameter value for parameter,value: max, 0."],
      [
        "List/Vendor.json",
        { start: -1 },
        "BDC_1129",
        "Invalid parameter value for parameter,value: start, -1.",
      ],
      [
        "List/Vendor.json",
        { start: "x y" },
        "BDC_1129",
        "Invalid parameter value for parameter,value: start, ?.",
      ],
      [
        "List/Vendor.json",
        { filters: "x" },
        "BDC_1129",
        "Invalid parameter value for parameter,value: filters, ?.",
      ],
      [
        "List/Vendor.json",
        { filters: [{ field: "nickname", op: "=", value: "x" }] },
        "BDC_1130",
        "Invalid list filter field: nickname.",
      ],
      [
        "List/Vendor.json",
        { filters: [{ field: "name", op: "~", value: "x" }] },
        "BDC_1131",
        "Invalid list filter operator: ?.",
      ],
      [
        "List/Vendor.json",
        { filters: [{ field: "name", op: "<", value: "x" }] },
        "BDC_1131",
        "Invalid list filter operator: <.",
      ],
      [
        "List/Vendor.json",
        { filters: [{ field: "name", op: "=" }] },
        "BDC_1117",
        "Missing required data for: value.",
      ],
      [
        "List/Vendor.json",
        { filters: [{ field: "createdTime", op: ">", value: "yesterday" }] },
        "BDC_1124",
        "Invalid field datatype: createdTime.",
      ],
      [
        "List/Vendor.json",
        { filters: [{ field: "name", op: "=", value: { a: 1 } }] },
        "BDC_1124",
        "Invalid field datatype: name.",
      ],
      [
        "List/Vendor.json",
        { sort: [{ field: "id", asc: true }] },
        "BDC_1129",
        "Invalid parameter value for parameter,value: sort, id.",
      ],
      [
        "List/Vendor.json",
        { sort: [{ field: "name", asc: "maybe" }] },
        "BDC_1129",
        "Invalid parameter value for parameter,value: asc, maybe.",
      ],
    ];
    for (const [path, data, code, message] of cases) {
      const answer = await call(path, data);
      expect(answer.status, path).toBe(200);
      expect(answer.body.response_data, `${path} ${JSON.stringify(data)}`).toEqual({
        error_code: code,
        error_message: message,
      });
    }
  });

  it("refuses a JSON body: v2 is form-encoded", async () => {
    const answer = await postRaw(
      t,
      "List/Vendor.json",
      JSON.stringify({ devKey: account.devKey, sessionId, data: "{}" }),
      {
        "content-type": "application/json",
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.response_data).toEqual({
      error_code: "BDC_1122",
      error_message: "Content-Type must be application/x-www-form-urlencoded.",
    });
  });
});

describe("the operator plane", () => {
  const operator = () => new OperatorClient({ baseUrl: t.server.url, token: TOKEN });

  it("logs v2 requests like v3 ones: path, status, codes, devKey, organization, secrets redacted", async () => {
    await call("List/Nope.json", {});
    const [entry] = await operator().requests.list(1);
    expect(entry).toMatchObject({
      method: "POST",
      path: "/api/v2/List/Nope.json",
      status: 200,
      codes: ["BDC_1128"],
      devKeyId: account.devKeyId,
      organizationId: account.organizationId,
    });
    expect(entry?.requestBody).toMatchObject({ devKey: "[redacted]", sessionId: "[redacted]", data: "{}" });
    const logins = await operator().requests.list(10);
    const login = logins.find((e) => e.path === "/api/v2/Login.json");
    expect(login?.requestBody).toMatchObject({ userName: "[redacted]", password: "[redacted]" });
  });

  it("warns about a v2 login while the previous v2 session went unused", async () => {
    const warned = async () => {
      const answer = await postForm(t, "Login.json", {
        userName: account.username,
        password: account.password,
        orgId: account.organizationId,
        devKey: account.devKey,
      });
      return answer.headers.get("x-billet-warning") ?? "";
    };
    // beforeEach's login, unused: the next one is flagged.
    expect(await warned()).toContain("v2-login-per-call");
    const used = String((await call("List/Vendor.json", {})).status);
    expect(used).toBe("200");
    // The last login's session was used once: still flagged; used twice, not.
    expect(await warned()).toContain("v2-login-per-call");
    const again = await v2Login(t, account).catch(() => "");
    expect(again).not.toBe("");
    const fresh = { devKey: account.devKey, sessionId: again };
    await call("List/Vendor.json", {}, fresh);
    await call("List/Vendor.json", {}, fresh);
    expect(await warned()).not.toContain("v2-login-per-call");
    // After the idle timeout the old session is dead: logging in again is right.
    t.clock.advance(36 * 60_000);
    expect(await warned()).not.toContain("v2-login-per-call");
  });
});
