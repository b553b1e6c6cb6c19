/**
 * Every kind a client creates pages the same way (docs/bill-v3-resources.md 1.5): a cursor
 * read after inserts neither repeats nor skips a record, and reading back gives the page
 * before. Every filter operator a kind declares answers exactly the records it names. One
 * table of minimal create bodies: a new kind without one fails here.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BillClient } from "../../../client/src/index.ts";
import { SEEDABLE } from "../../../src/resources/index.ts";
import { valueAt } from "../../../src/resources/list.ts";
import type { FieldType, Operator } from "../../../src/resources/query.ts";
import { describeEachBackend } from "../../helpers/backends.ts";
import { provisionAccount, startTestServer, type TestServer } from "../../helpers/helpers.ts";
import { signedIn } from "../../helpers/provisioning-helpers.ts";

interface Made {
  vendorId: string;
  customerId: string;
}

let serial = 0;
const unique = () => `n${++serial}`;

/** A minimal create body per kind (the records it names are made once per test). */
const BODIES: Record<string, (made: Made) => Record<string, unknown>> = {
  vendors: () => ({ name: `Vendor ${unique()}` }),
  bills: ({ vendorId }) => ({
    vendorId,
    dueDate: "2026-12-31",
    invoice: { invoiceNumber: unique(), invoiceDate: "2026-12-01" },
    billLineItems: [{ amount: 1 }],
  }),
  "vendor-credits": ({ vendorId }) => ({
    vendorId,
    referenceNumber: unique(),
    creditDate: "2026-12-01",
    vendorCreditLineItems: [{ amount: 1 }],
  }),
  customers: () => ({ name: `Customer ${unique()}`, email: `${unique()}@example.com` }),
  invoices: ({ customerId }) => ({
    customer: { id: customerId },
    invoiceNumber: unique(),
    invoiceLineItems: [{ amount: 1 }],
  }),
  "credit-memos": ({ customerId }) => ({
    customerId,
    referenceNumber: unique(),
    creditDate: "2026-12-01",
    creditMemoLineItems: [{ price: 1, quantity: 1 }],
  }),
  "classifications/chart-of-accounts": () => ({ name: unique(), account: { type: "EXPENSE" } }),
  "classifications/accounting-classes": () => ({ name: unique() }),
  "classifications/departments": () => ({ name: unique() }),
  "classifications/employees": () => ({ firstName: "Emma", lastName: unique() }),
  "classifications/items": () => ({ name: unique(), type: "SERVICE" }),
  "classifications/jobs": () => ({ name: unique() }),
  "classifications/locations": () => ({ name: unique() }),
  "funding-accounts/banks": () => ({
    nameOnAccount: unique(),
    routingNumber: "074000010",
    accountNumber: "111222333",
    type: "CHECKING",
    ownerType: "BUSINESS",
  }),
};

describeEachBackend("paging under inserts, every kind", (backend) => {
  let t: TestServer;
  let client: BillClient;
  let made: Made;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    client = await signedIn(t, await provisionAccount(t.deps));
    made = {
      vendorId: (await client.vendors.create({ name: "Paged vendor" })).id,
      customerId: (await client.customers.create({ name: "Paged customer", email: "p@example.com" })).id,
    };
  });
  afterEach(() => t.close());

  it("has a minimal create body for every kind a client creates", () => {
    expect(SEEDABLE.map((d) => d.name).filter((name) => !BODIES[name])).toEqual([]);
  });

  it("neither repeats nor skips a record when records are added between pages", async () => {
    for (const { name } of SEEDABLE) {
      const body = BODIES[name] as (made: Made) => Record<string, unknown>;
      const create = async () => {
        t.clock.advance(1000); // distinct createdTimes: the default order is createdTime, then id
        const res = await client.rawRequest({
          method: "POST",
          path: `/v3/${name}`,
          auth: true,
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body(made)),
        });
        expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(201);
        return (res.body as { id: string }).id;
      };
      const page = async (cursor?: string) => {
        const query = cursor === undefined ? "max=2" : `max=2&page=${encodeURIComponent(cursor)}`;
        const res = await client.rawRequest({ method: "GET", path: `/v3/${name}?${query}`, auth: true });
        expect(res.status, name).toBe(200);
        return res.body as { results: { id: string }[]; nextPage?: string; prevPage?: string };
      };
      const before = (await page()).results.map((r) => r.id); // records made above (vendors, customers)
      const ids = [...before];
      for (let i = 0; i < 3; i++) ids.push(await create());
      // Page through, adding a record after the first page: every record once, in order.
      const seen: string[] = [];
      let current = await page();
      seen.push(...current.results.map((r) => r.id));
      ids.push(await create());
      let previous: string | undefined;
      while (current.nextPage) {
        previous = current.nextPage;
        current = await page(current.nextPage);
        seen.push(...current.results.map((r) => r.id));
      }
      expect(seen, name).toEqual(ids);
      // Back from the last page: the page before it.
      if (current.prevPage && previous) {
        const back = await page(current.prevPage);
        expect(back.results.length, name).toBe(2);
        expect(seen.slice(-current.results.length - 2, -current.results.length), name).toEqual(
          back.results.map((r) => r.id),
        );
      }
    }
  });

  /** What a filter names, by the contract's rules (1.5), written out independently of the engine. */
  const expected = (value: unknown, type: FieldType, op: Operator, given: string | number | boolean) => {
    if (value === undefined || value === null) return op === "ne" || op === "nin";
    const norm = (v: unknown) => (type === "datetime" ? Date.parse(String(v)) : v);
    const a = norm(value) as string | number | boolean;
    const b = norm(given) as string | number | boolean;
    switch (op) {
      case "eq":
      case "in":
        return a === b;
      case "ne":
      case "nin":
        return a !== b;
      case "sw":
        return typeof a === "string" && a.startsWith(String(b));
      case "lt":
        return a < b;
      case "lte":
        return a <= b;
      case "gt":
        return a > b;
      default:
        return a >= b;
    }
  };

  it("answers every declared filter operator with exactly the records it names", async () => {
    let checked = 0;
    for (const declaration of SEEDABLE) {
      const { name } = declaration;
      const body = BODIES[name] as (made: Made) => Record<string, unknown>;
      for (let i = 0; i < 3; i++) {
        t.clock.advance(1000);
        const res = await client.rawRequest({
          method: "POST",
          path: `/v3/${name}`,
          auth: true,
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body(made)),
        });
        expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(201);
      }
      const list = async (filters: string) => {
        const query = `max=100${filters ? `&filters=${encodeURIComponent(filters)}` : ""}`;
        const res = await client.rawRequest({ method: "GET", path: `/v3/${name}?${query}`, auth: true });
        expect(res.status, `${name} ${filters}: ${JSON.stringify(res.body)}`).toBe(200);
        return (res.body as { results: Record<string, unknown>[] }).results;
      };
      const all = await list("");
      for (const [field, spec] of Object.entries(declaration.filters)) {
        const type = declaration.fields[field] ?? "string";
        // The middle record's value (sorts and ranges then split the records).
        const sample = all.map((r) => valueAt(r, field)).filter((v) => v !== undefined && v !== null);
        const raw = sample[Math.floor(sample.length / 2)];
        if (raw === undefined) continue;
        const given =
          type === "datetime" ? String(raw).replace("+00:00", "Z") : (raw as string | number | boolean);
        for (const op of spec.ops) {
          const operand = op === "sw" ? String(given).slice(0, 3) : given;
          const text =
            op === "in" || op === "nin" || type === "string"
              ? `"${String(operand).replaceAll('"', '\\"')}"`
              : String(operand);
          const got = (await list(`${field}:${op}:${text}`)).map((r) => r.id).sort();
          const want = all
            .filter((r) => expected(valueAt(r, field), type, op, operand))
            .map((r) => r.id)
            .sort();
          expect(got, `${name} ${field}:${op}:${text}`).toEqual(want);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("orders by every declared sort field, both ways, then by id", async () => {
    for (const declaration of SEEDABLE) {
      const { name } = declaration;
      const body = BODIES[name] as (made: Made) => Record<string, unknown>;
      for (let i = 0; i < 3; i++) {
        t.clock.advance(1000);
        const res = await client.rawRequest({
          method: "POST",
          path: `/v3/${name}`,
          auth: true,
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body(made)),
        });
        expect(res.status, name).toBe(201);
      }
      for (const field of declaration.sorts) {
        const type = declaration.fields[field] ?? "string";
        const key = (r: Record<string, unknown>) => {
          const v = valueAt(r, field);
          if (v === undefined || v === null) return null;
          return type === "datetime" ? Date.parse(String(v)) : (v as string | number | boolean);
        };
        for (const direction of ["asc", "desc"] as const) {
          const res = await client.rawRequest({
            method: "GET",
            path: `/v3/${name}?max=100&sort=${encodeURIComponent(`${field}:${direction}`)}`,
            auth: true,
          });
          expect(res.status, `${name} ${field}:${direction}`).toBe(200);
          const results = (res.body as { results: Record<string, unknown>[] }).results;
          const sorted = [...results].sort((a, b) => {
            const [x, y] = [key(a), key(b)];
            // Nulls first ascending (1.5); the id breaks ties, always ascending.
            const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
            const byKey = direction === "asc" ? c : -c;
            return byKey !== 0 ? byKey : String(a.id) < String(b.id) ? -1 : 1;
          });
          expect(
            results.map((r) => r.id),
            `${name} ${field}:${direction}`,
          ).toEqual(sorted.map((r) => r.id));
        }
      }
    }
  });
});
