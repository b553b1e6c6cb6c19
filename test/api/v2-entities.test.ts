/**
 * Every v2 entity through BILL's v2 routes over HTTP (docs/bill-sign-in-modes.md 2.9):
 * Crud/Create, Crud/Read, List with a filter, Crud/Update and Crud/Delete, each checked
 * against what the v3 GET of the same record answers, and a record made by a v3 client read
 * through v2. BILL's v2 request form [DP v2 "API Mechanics"]: a form-encoded POST of `devKey`,
 * `sessionId` and `data` (JSON); every answer is `{response_status, response_message,
 * response_data}`, 0 and "Success", or 1 and "Error" with `{error_code, error_message}`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillClient } from "../../client/src/index.ts";
import type { V2EntityMapping } from "../../src/v2/entities/common.ts";
import {
  ACTG_CLASS,
  bill,
  CHART_OF_ACCOUNT,
  CUSTOMER,
  DEPARTMENT,
  EMPLOYEE,
  invoice,
  JOB,
  LOCATION,
  SALES_TAX_ITEM,
  VENDOR,
  vendorCredit,
} from "../../src/v2/entities/examples.ts";
import { V2_ENTITIES } from "../../src/v2/entities/index.ts";
import { type Account, provisionAccount, startTestServer, type TestServer } from "../helpers/helpers.ts";
import { signedIn } from "../helpers/provisioning-helpers.ts";

type Obj = Record<string, unknown>;

interface V2Answer {
  response_status: number;
  response_message: string;
  response_data: unknown;
}

/** What each entity's test needs made first, and its v2 create object from their ids. */
interface Plan {
  needs: string[];
  obj(ids: Record<string, string>): Obj;
  /** A change an Update makes, and the v2 field that shows it. */
  change: [string, unknown];
}

const PLANS: Record<string, Plan> = {
  Vendor: { needs: [], obj: () => VENDOR, change: ["shortName", "Happier"] },
  Customer: { needs: [], obj: () => CUSTOMER, change: ["companyName", "Diamond Holdings"] },
  ChartOfAccount: { needs: [], obj: () => CHART_OF_ACCOUNT, change: ["accountNumber", "652"] },
  ActgClass: { needs: [], obj: () => ACTG_CLASS, change: ["shortName", "PS2"] },
  Department: { needs: [], obj: () => DEPARTMENT, change: ["description", "Marketing, worldwide"] },
  Location: { needs: [], obj: () => LOCATION, change: ["shortName", "WCM"] },
  Employee: { needs: [], obj: () => EMPLOYEE, change: ["lastName", "Passage, Sr."] },
  Job: { needs: [], obj: () => JOB, change: ["description", "Sales to bands"] },
  Item: { needs: [], obj: () => SALES_TAX_ITEM, change: ["percentage", 7.5] },
  Bill: {
    needs: ["Vendor", "ChartOfAccount"],
    obj: (ids) => ({
      ...bill(String(ids.Vendor), {} as never),
      billLineItems: [{ entity: "BillLineItem", amount: 1189.99, chartOfAccountId: ids.ChartOfAccount }],
    }),
    change: ["poNumber", "1123"],
  },
  Invoice: {
    needs: ["Customer", "ChartOfAccount"],
    obj: (ids) => invoice(String(ids.Customer), String(ids.ChartOfAccount)),
    change: ["invoiceNumber", "INV-2016-12b"],
  },
  VendorCredit: {
    needs: ["Vendor", "ChartOfAccount"],
    obj: (ids) => vendorCredit(String(ids.Vendor), String(ids.ChartOfAccount)),
    change: ["description", "Happier Vendor Credit"],
  },
};

// Enabled when the v2 routes land (src/routes/v2/, the v2-core engineer's branch).
describe("v2 entities over HTTP", () => {
  let t: TestServer;
  let account: Account;
  let sessionId: string;
  let v3: BillClient;

  /** A v2 call: a form-encoded POST to /api/v2/{path}.json. */
  async function call(path: string, data: unknown): Promise<V2Answer> {
    const form = new URLSearchParams({ devKey: account.devKey, sessionId, data: JSON.stringify(data) });
    const res = await fetch(`${t.server.url}/api/v2/${path}.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    return (await res.json()) as V2Answer;
  }

  /** The `response_data` of a successful call, or a failure naming BILL's v2 error. */
  async function ok(path: string, data: unknown): Promise<Obj & Obj[]> {
    const answer = await call(path, data);
    if (answer.response_status !== 0) throw new Error(`${path}: ${JSON.stringify(answer.response_data)}`);
    expect(answer.response_message).toBe("Success");
    return answer.response_data as Obj & Obj[];
  }

  const v3Get = async (entity: V2EntityMapping, id: string): Promise<Obj> => {
    const res = await v3.rawRequest({ method: "GET", path: `/v3/${entity.resource}/${id}`, auth: true });
    expect(res.status).toBe(200);
    return res.body as Obj;
  };

  async function made(name: string, ids: Record<string, string>): Promise<Obj> {
    const plan = PLANS[name] as Plan;
    for (const need of plan.needs) ids[need] ??= String((await made(need, ids)).id);
    return ok(`Crud/Create/${name}`, { obj: plan.obj(ids) });
  }

  beforeEach(async () => {
    t = await startTestServer();
    account = await provisionAccount(t.deps);
    const form = new URLSearchParams({
      userName: account.username,
      password: account.password,
      orgId: account.organizationId,
      devKey: account.devKey,
    });
    const res = await fetch(`${t.server.url}/api/v2/Login.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    const login = (await res.json()) as V2Answer;
    sessionId = String((login.response_data as Obj).sessionId);
    v3 = await signedIn(t, account);
  });
  afterEach(() => t.close());

  it("serves a plan for every entity", () => {
    expect(Object.keys(PLANS).sort()).toEqual(V2_ENTITIES.map((e) => e.name).sort());
  });

  describe.each(V2_ENTITIES)("$name", (entity) => {
    it("Create, Read, List, Update, Delete: v2 and the v3 GET see one record", async () => {
      const plan = PLANS[entity.name] as Plan;
      const created = await made(entity.name, {});
      const id = String(created.id);
      expect(created).toMatchObject({ entity: entity.name, isActive: "1" });
      expect(created.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      // The v3 GET answers the same record, which v2 reads as it created it.
      expect(entity.toV2(await v3Get(entity, id))).toEqual(created);

      const read = await ok(`Crud/Read/${entity.name}`, { id });
      expect(read).toEqual(created);

      const listed = await ok(`List/${entity.name}`, {
        start: 0,
        max: 999,
        filters: [
          { field: "id", op: "=", value: id },
          { field: "isActive", op: "=", value: "1" },
        ],
      });
      expect(listed.map((o) => o.id)).toEqual([id]);

      const [field, value] = plan.change;
      const updated = await ok(`Crud/Update/${entity.name}`, { obj: { ...read, [field]: value } });
      expect(updated[field]).toEqual(value);
      expect(entity.toV2(await v3Get(entity, id))).toEqual(updated);

      const deleted = await ok(`Crud/Delete/${entity.name}`, { id });
      expect(deleted.isActive).toBe("2");
      expect(await v3Get(entity, id)).toMatchObject({ archived: true });
      const inactive = await ok(`List/${entity.name}`, {
        start: 0,
        max: 999,
        filters: [{ field: "isActive", op: "=", value: "2" }],
      });
      expect(inactive.map((o) => o.id)).toContain(id);
    });

    it("reads a record a v3 client made", async () => {
      // Made through v2's mapping into a v3 body, then created by the v3 route.
      const ids: Record<string, string> = {};
      for (const need of (PLANS[entity.name] as Plan).needs) ids[need] = String((await made(need, ids)).id);
      const conversion = entity.toV3((PLANS[entity.name] as Plan).obj(ids), "create");
      if (!conversion.ok) throw new Error(conversion.message);
      const res = await v3.rawRequest({
        method: "POST",
        path: `/v3/${entity.resource}`,
        auth: true,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(conversion.value),
      });
      expect(res.status).toBe(201);
      const record = res.body as Obj;
      const read = await ok(`Crud/Read/${entity.name}`, { id: record.id });
      expect(read).toEqual(entity.toV2(record));
    });

    it("answers BILL's v2 error for an object it cannot read, and another organization's id is not found", async () => {
      const refused = await call(`Crud/Create/${entity.name}`, { obj: { entity: "NotThis" } });
      expect(refused).toMatchObject({
        response_status: 1,
        response_message: "Error",
        response_data: { error_code: "BDC_1118" },
      });
      const created = await made(entity.name, {});
      const other = await provisionAccount(t.deps);
      account = other;
      const form = new URLSearchParams({
        userName: other.username,
        password: other.password,
        orgId: other.organizationId,
        devKey: other.devKey,
      });
      const res = await fetch(`${t.server.url}/api/v2/Login.json`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
      });
      sessionId = String(((await res.json()) as { response_data: Obj }).response_data.sessionId);
      const stranger = await call(`Crud/Read/${entity.name}`, { id: created.id });
      expect(stranger.response_status).toBe(1);
      const deleted = await call(`Crud/Delete/${entity.name}`, { id: created.id });
      expect(deleted.response_status).toBe(1);
    });
  });
});
