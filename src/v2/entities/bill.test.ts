import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bill } from "./bill.ts";
import { bill as billExample, type Classified, VENDOR } from "./examples.ts";
import { bodyOf, classified, createProblems, type Engine, openEngine, picked } from "./testing.ts";
import { vendor } from "./vendor.ts";

type Obj = Record<string, unknown>;

const IDS: Classified = {
  chartOfAccountId: "0ca01AJKBYXPHRFFdgng",
  departmentId: "0de01ORPHXZXIHFPazci",
  locationId: "loc01ZCLEVLXDQRB9z1o",
  jobId: "job01HCOSIFZPZBFczyc",
  customerId: "0cu01WIMZDDXALNZhm7p",
  itemId: "0ii01YCDSBIDTPTJbhcb",
  employeeId: "emp01OVBLNBWSHBP89kw",
  actgClassId: "cls01NFJTPXLWTCW8qc5",
};
const VENDOR_ID = "00901FABIIZFVKV2pzsy";

const classifications = {
  chartOfAccountId: IDS.chartOfAccountId,
  departmentId: IDS.departmentId,
  locationId: IDS.locationId,
  jobId: IDS.jobId,
  customerId: IDS.customerId,
  itemId: IDS.itemId,
  employeeId: IDS.employeeId,
  accountingClassId: IDS.actgClassId,
};

describe("v2 Bill over v3 bills", () => {
  it("turns BILL's v2 example into a v3 create body the bills declaration accepts", () => {
    const body = bodyOf(bill.toV3(billExample(VENDOR_ID, IDS), "create"));
    expect(body).toEqual({
      vendorId: VENDOR_ID,
      invoice: { invoiceNumber: "14800", invoiceDate: "2021-12-05" },
      dueDate: "2021-12-05",
      description: "Purchase for a new band",
      purchaseOrderNumber: "1122",
      billLineItems: [
        { amount: 1189.99, quantity: 1, price: 1189.99, classifications },
        { amount: 849.99, quantity: 1, price: 849.99, classifications },
      ],
    });
    expect(createProblems(bill, body)).toEqual([]);
  });

  it("takes v2's empty ids and text amounts; a line needs no classification", () => {
    const body = bodyOf(
      bill.toV3(
        {
          vendorId: VENDOR_ID,
          invoiceNumber: "1",
          invoiceDate: "2026-12-01",
          dueDate: "2026-12-31",
          payFromChartOfAccountId: "00000000000000000000",
          billLineItems: [
            { entity: "BillLineItem", amount: "200.00", chartOfAccountId: "00000000000000000000" },
          ],
        },
        "create",
      ),
    );
    expect(body).toEqual({
      vendorId: VENDOR_ID,
      invoice: { invoiceNumber: "1", invoiceDate: "2026-12-01" },
      dueDate: "2026-12-31",
      billLineItems: [{ amount: 200 }],
    });
  });

  it("refuses with BILL's v2 codes, naming the line", () => {
    const ok = billExample(VENDOR_ID, IDS);
    const refused = (over: Obj) => bill.toV3({ ...ok, ...over }, "create");
    expect(refused({ vendorId: "" })).toMatchObject({
      code: "BDC_1108",
      message: expect.stringContaining("vendorId"),
    });
    expect(refused({ invoiceNumber: null })).toMatchObject({ code: "BDC_1108" });
    expect(refused({ billLineItems: [] })).toEqual({
      ok: false,
      code: "BDC_1108",
      message: "Missing parameter value for parameter: billLineItems.",
    });
    expect(refused({ billLineItems: "lines" })).toMatchObject({ code: "BDC_1124" });
    expect(refused({ billLineItems: [5] })).toMatchObject({
      message: "Invalid field datatype: billLineItems[0].",
    });
    expect(refused({ dueDate: "12/05/2021" })).toMatchObject({ code: "BDC_1119" });
    expect(refused({ dueDate: "2021-02-30" })).toMatchObject({ code: "BDC_1119" });
    expect(refused({ billLineItems: [{ amount: "ten" }] })).toEqual({
      ok: false,
      code: "BDC_1124",
      message: "Invalid field datatype: billLineItems[0].amount.",
    });
    expect(refused({ billLineItems: [{ amount: 1, departmentId: "loc01ZCLEVLXDQRB9z1o" }] })).toMatchObject({
      code: "BDC_1119",
      message: "Invalid field,value: billLineItems[0].departmentId, loc01ZCLEVLXDQRB9z1o.",
    });
    expect(refused({ billLineItems: [{ entity: "InvoiceLineItem", amount: 1 }] })).toMatchObject({
      code: "BDC_1118",
    });
  });

  it("answers v2's status codes for v3's statuses", () => {
    const base = { id: "00n01ELUVVEVLWIYoslo", billLineItems: [] };
    const codes = (paymentStatus: string, approvalStatus: string) => {
      const v2 = bill.toV2({ ...base, paymentStatus, approvalStatus });
      return [v2.paymentStatus, v2.approvalStatus];
    };
    expect(codes("PAID", "UNASSIGNED")).toEqual(["0", "0"]);
    expect(codes("UNPAID", "ASSIGNED")).toEqual(["1", "1"]);
    expect(codes("PARTIAL", "APPROVED")).toEqual(["2", "3"]);
    expect(codes("SCHEDULED", "APPROVING")).toEqual(["4", "4"]);
    expect(codes("UNPAID", "DENIED")).toEqual(["1", "5"]);
    expect(bill.listField("paymentStatus")?.value?.("4")).toBe("SCHEDULED");
    expect(bill.listField("paymentStatus")?.value?.(0)).toBe("PAID");
    expect(bill.listField("paymentStatus")?.value?.("3")).toBeUndefined();
  });

  describe("through the engine", () => {
    let engine: Engine;
    let vendorId: string;
    let ids: Classified;
    beforeEach(async () => {
      engine = await openEngine();
      vendorId = String((await engine.create(vendor, VENDOR)).id);
      ids = await classified(engine);
    });
    afterEach(() => engine.close());

    it("creates BILL's example over records made through v2; it reads back in v2 with the same values", async () => {
      const sent = billExample(vendorId, ids);
      const v3 = await engine.create(bill, sent);
      const v2 = bill.toV2(v3);
      const { billLineItems: sentLines, glPostingDate: _, ...header } = sent;
      expect(picked(v2, header)).toEqual(header);
      expect(v2).toMatchObject({
        amount: 2039.98,
        dueAmount: 2039.98,
        paidAmount: 0,
        paymentStatus: "1",
        approvalStatus: "0",
        payFromBankAccountId: "00000000000000000000",
        createdTime: "2026-11-29T10:00:00.000+0000",
      });
      const lines = v2.billLineItems as Obj[];
      expect(lines).toHaveLength(2);
      for (const [i, line] of (sentLines as Obj[]).entries()) {
        const { jobBillable: __, description: ___, ...kept } = line;
        expect(picked(lines[i] as Obj, kept)).toEqual(kept);
        expect(lines[i]).toMatchObject({
          billId: v3.id,
          lineType: "2",
          description: null,
          id: expect.stringMatching(/^bli/),
        });
      }
    });

    it("an Update overwrites the lines: one kept by id and changed, one new, one gone", async () => {
      const made = bill.toV2(await engine.create(bill, billExample(vendorId, ids)));
      const [first] = made.billLineItems as Obj[];
      const sent = {
        ...made,
        description: null,
        billLineItems: [
          { ...first, amount: 100, quantity: null, unitPrice: null },
          { entity: "BillLineItem", amount: 25.5, description: "Strings" },
        ],
      };
      const v3 = await engine.update(bill, String(made.id), sent);
      expect(v3).not.toHaveProperty("description");
      expect(v3.amount).toBe(125.5);
      const lines = v3.billLineItems as Obj[];
      expect(lines.map((l) => l.id)).toEqual([(first as Obj).id, expect.stringMatching(/^bli/)]);
      expect(lines[1]).toEqual({ id: expect.any(String), amount: 25.5, description: "Strings" });
      expect(bill.toV2(v3).billLineItems).toHaveLength(2);
    });

    it("lists by vendor, due date, payment status and isActive", async () => {
      const otherVendor = String((await engine.create(vendor, { name: "Other" })).id);
      const a = await engine.create(bill, billExample(vendorId, ids));
      const b = await engine.create(bill, { ...billExample(otherVendor, ids), dueDate: "2026-12-31" });
      const listed = async (filters: Parameters<Engine["list"]>[1]) =>
        (await engine.list(bill, filters)).map((r) => r.id);
      expect(await listed([{ field: "vendorId", value: otherVendor }])).toEqual([b.id]);
      expect(await listed([{ field: "dueDate", op: "lt", value: "2022-01-01" }])).toEqual([a.id]);
      expect(await listed([{ field: "paymentStatus", value: "1" }])).toHaveLength(2);
      await engine.archive(bill, String(a.id));
      expect(await listed([{ field: "isActive", value: "1" }])).toEqual([b.id]);
    });
  });
});
