import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chartOfAccount, department } from "./classifications.ts";
import { customer } from "./customer.ts";
import { CHART_OF_ACCOUNT, CUSTOMER, DEPARTMENT, invoice as invoiceExample } from "./examples.ts";
import { invoice } from "./invoice.ts";
import { bodyOf, createProblems, type Engine, openEngine, picked } from "./testing.ts";

type Obj = Record<string, unknown>;

const CUSTOMER_ID = "0cu01QRJUQPTKMMYijuo";
const COA = "0ca01UDEGLGDXULOdumd";

describe("v2 Invoice over v3 invoices", () => {
  it("turns BILL's v2 example into a v3 create body the invoices declaration accepts, the discount as its amount", () => {
    const body = bodyOf(invoice.toV3(invoiceExample(CUSTOMER_ID, COA), "create"));
    expect(body).toEqual({
      customer: { id: CUSTOMER_ID },
      invoiceNumber: "INV-2016-12",
      invoiceDate: "2016-12-12",
      dueDate: "2016-12-27",
      payToChartOfAccountId: COA,
      invoiceLineItems: [
        { amount: 50, quantity: 1, price: 50, description: "item 01" },
        { amount: 50, quantity: 2, price: 25, description: "item 02" },
        // [DP]: "to apply a discount of 20% in your invoice total of $100, set ratePercent as -20".
        { amount: -20, description: "discount" },
      ],
    });
    expect(createProblems(invoice, body)).toEqual([]);
  });

  it("computes a rate line from the lines above it, in cents, lines of quantity × price included", () => {
    const lines = bodyOf(
      invoice.toV3(
        {
          customerId: CUSTOMER_ID,
          invoiceLineItems: [
            { quantity: 3, price: 9.99 },
            { ratePercent: 7.25 },
            { amount: 10, ratePercent: 50 },
          ],
        },
        "create",
      ),
    ).invoiceLineItems as Obj[];
    // 29.97 × 7.25% = 2.172825 → 2.17; a line with its own amount keeps it.
    expect(lines).toEqual([{ quantity: 3, price: 9.99 }, { amount: 2.17 }, { amount: 10 }]);
  });

  it("maps the invoice's classifications and refuses what it cannot read", () => {
    const body = bodyOf(
      invoice.toV3(
        {
          customerId: CUSTOMER_ID,
          departmentId: "0de01WUJOTDQJZBOaztx",
          actgClassId: "00000000000000000000",
          invoiceLineItems: [{ amount: 1, itemId: "0ii01YCDSBIDTPTJbhcb" }],
        },
        "create",
      ),
    );
    expect(body.classifications).toEqual({ departmentId: "0de01WUJOTDQJZBOaztx" });
    expect(body.invoiceLineItems).toEqual([
      { amount: 1, classifications: { itemId: "0ii01YCDSBIDTPTJbhcb" } },
    ]);
    expect(invoice.toV3({ invoiceLineItems: [{ amount: 1 }] }, "create")).toMatchObject({
      code: "BDC_1108",
      message: "Missing parameter value for parameter: customerId.",
    });
    expect(invoice.toV3({ customerId: CUSTOMER_ID }, "create")).toMatchObject({ code: "BDC_1108" });
    expect(
      invoice.toV3({ customerId: CUSTOMER_ID, invoiceLineItems: [{ ratePercent: true }] }, "create"),
    ).toMatchObject({
      code: "BDC_1124",
      message: "Invalid field datatype: invoiceLineItems[0].ratePercent.",
    });
    expect(
      invoice.toV3({ customerId: "009010000000000000001", invoiceLineItems: [] }, "create"),
    ).toMatchObject({
      code: "BDC_1119",
    });
  });

  describe("through the engine", () => {
    let engine: Engine;
    let customerId: string;
    let coa: string;
    beforeEach(async () => {
      engine = await openEngine();
      customerId = String((await engine.create(customer, CUSTOMER)).id);
      coa = String((await engine.create(chartOfAccount, CHART_OF_ACCOUNT)).id);
    });
    afterEach(() => engine.close());

    it("creates BILL's example; it reads back in v2: totals, status, lines", async () => {
      const sent = invoiceExample(customerId, coa);
      const v3 = await engine.create(invoice, sent);
      const v2 = invoice.toV2(v3);
      const { invoiceLineItems: _, ...header } = sent;
      expect(picked(v2, header)).toEqual(header);
      expect(v2).toMatchObject({
        amount: 80,
        amountDue: 80,
        paymentStatus: "1",
        creditAmount: 0,
        exchangeRate: 1,
      });
      const lines = v2.invoiceLineItems as Obj[];
      expect(lines.map((l) => [l.description, l.amount, l.quantity, l.price])).toEqual([
        ["item 01", 50, 1, 50],
        ["item 02", 50, 2, 25],
        ["discount", -20, null, null],
      ]);
      expect(lines[0]).toMatchObject({ entity: "InvoiceLineItem", invoiceId: v3.id, ratePercent: null });
    });

    it("an Update overwrites the lines and clears the header fields not sent", async () => {
      const departmentId = String((await engine.create(department, DEPARTMENT)).id);
      const made = invoice.toV2(
        await engine.create(invoice, { ...invoiceExample(customerId, coa), departmentId }),
      );
      expect(made.departmentId).toBe(departmentId);
      const [first] = made.invoiceLineItems as Obj[];
      const v3 = await engine.update(invoice, String(made.id), {
        ...made,
        departmentId: "00000000000000000000",
        payToChartOfAccountId: null,
        invoiceLineItems: [{ ...first, amount: 70, quantity: 1, price: 70 }],
      });
      expect(v3).not.toHaveProperty("classifications");
      expect(v3).not.toHaveProperty("payToChartOfAccountId");
      expect(v3.totalAmount).toBe(70);
      expect((v3.invoiceLineItems as Obj[]).map((l) => l.id)).toEqual([(first as Obj).id]);
    });

    it("lists by customer, invoice number, dates, status and amounts", async () => {
      const other = String((await engine.create(customer, { name: "Other", email: "o@x.test" })).id);
      const a = await engine.create(invoice, invoiceExample(customerId, coa));
      const b = await engine.create(invoice, {
        ...invoiceExample(other, coa),
        invoiceNumber: "INV-2",
        dueDate: "2027-01-31",
      });
      const listed = async (filters: Parameters<Engine["list"]>[1]) =>
        (await engine.list(invoice, filters)).map((r) => r.id);
      expect(await listed([{ field: "customerId", value: other }])).toEqual([b.id]);
      expect(await listed([{ field: "invoiceNumber", value: "INV-2016-12" }])).toEqual([a.id]);
      expect(await listed([{ field: "dueDate", op: "gt", value: "2026-12-31" }])).toEqual([b.id]);
      expect(await listed([{ field: "paymentStatus", value: "1" }])).toHaveLength(2);
      expect(await listed([{ field: "amount", op: "gte", value: "80" }])).toHaveLength(2);
      expect(await listed([{ field: "amountDue", op: "lt", value: 80 }])).toEqual([]);
    });
  });
});
