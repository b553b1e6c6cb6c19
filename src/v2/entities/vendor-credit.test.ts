import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chartOfAccount } from "./classifications.ts";
import { CHART_OF_ACCOUNT, vendorCredit as creditExample, VENDOR } from "./examples.ts";
import { bodyOf, createProblems, type Engine, openEngine, picked } from "./testing.ts";
import { vendor } from "./vendor.ts";
import { vendorCredit } from "./vendor-credit.ts";

type Obj = Record<string, unknown>;

const VENDOR_ID = "00901AYXJFMTDDO4xat5";
const COA = "0ca01UDEGLGDXULOdumd";

describe("v2 VendorCredit over v3 vendor-credits", () => {
  it("turns a v2 vendor credit into a v3 create body the declaration accepts", () => {
    const body = bodyOf(vendorCredit.toV3(creditExample(VENDOR_ID, COA), "create"));
    expect(body).toEqual({
      vendorId: VENDOR_ID,
      referenceNumber: "202602-vendorcredit",
      creditDate: "2026-12-28",
      description: "Happy Vendor Credit",
      vendorCreditLineItems: [
        {
          amount: 14.99,
          description: "Classic extreme drum sticks",
          classifications: { chartOfAccountId: COA },
        },
        { amount: 50, description: "Metal guitar picks (5-pack)" },
      ],
    });
    expect(createProblems(vendorCredit, body)).toEqual([]);
  });

  it("writes a line of quantity and unit price as its amount, and needs one or the other", () => {
    const lines = (items: Obj[]) =>
      vendorCredit.toV3({ ...creditExample(VENDOR_ID, COA), vendorCreditLineItems: items }, "create");
    expect(bodyOf(lines([{ quantity: 3, unitPrice: 3.33 }])).vendorCreditLineItems).toEqual([
      { amount: 9.99 },
    ]);
    expect(lines([{ description: "nothing" }])).toEqual({
      ok: false,
      code: "BDC_1108",
      message: "Missing parameter value for parameter: vendorCreditLineItems[0].amount.",
    });
    expect(lines([])).toMatchObject({ code: "BDC_1108" });
    expect(
      vendorCredit.toV3({ ...creditExample(VENDOR_ID, COA), refNumber: undefined }, "create"),
    ).toMatchObject({
      message: "Missing parameter value for parameter: refNumber.",
    });
  });

  it("answers v2's credit status codes", () => {
    const status = (s: string) => vendorCredit.toV2({ status: s, vendorCreditLineItems: [] }).creditStatus;
    expect([status("FULLY_APPLIED"), status("NOT_APPLIED"), status("PARTIALLY_APPLIED")]).toEqual([
      "0",
      "1",
      "2",
    ]);
    expect(vendorCredit.listField("creditStatus")?.value?.("2")).toBe("PARTIALLY_APPLIED");
  });

  describe("through the engine", () => {
    let engine: Engine;
    let vendorId: string;
    let coa: string;
    beforeEach(async () => {
      engine = await openEngine();
      vendorId = String((await engine.create(vendor, VENDOR)).id);
      coa = String((await engine.create(chartOfAccount, CHART_OF_ACCOUNT)).id);
    });
    afterEach(() => engine.close());

    it("creates a credit; it reads back in v2 with the same values", async () => {
      const sent = creditExample(vendorId, coa);
      const v3 = await engine.create(vendorCredit, sent);
      const v2 = vendorCredit.toV2(v3);
      const { vendorCreditLineItems: sentLines, ...header } = sent;
      expect(picked(v2, header)).toEqual(header);
      expect(v2).toMatchObject({ amount: 64.99, appliedAmount: 0, creditStatus: "1" });
      for (const [i, line] of (sentLines as Obj[]).entries()) {
        expect(picked((v2.vendorCreditLineItems as Obj[])[i] as Obj, line)).toEqual(line);
      }
    });

    it("an Update overwrites the lines; a Delete archives for good", async () => {
      const made = vendorCredit.toV2(await engine.create(vendorCredit, creditExample(vendorId, coa)));
      const [first] = made.vendorCreditLineItems as Obj[];
      const v3 = await engine.update(vendorCredit, String(made.id), {
        ...made,
        vendorCreditLineItems: [first, { entity: "VendorCreditLineItem", amount: 5 }],
      });
      expect(v3.amount).toBe(19.99);
      expect((v3.vendorCreditLineItems as Obj[])[0]?.id).toBe((first as Obj).id);
      const archived = await engine.archive(vendorCredit, String(made.id));
      expect(vendorCredit.toV2(archived).isActive).toBe("2");
      expect(vendorCredit.deletes).toBe("archive");
    });

    it("lists by vendor, reference number and credit date", async () => {
      const a = await engine.create(vendorCredit, creditExample(vendorId, coa));
      const listed = async (field: string, value: unknown, op?: "lt") =>
        (await engine.list(vendorCredit, [{ field, value, ...(op ? { op } : {}) }])).map((r) => r.id);
      expect(await listed("vendorId", vendorId)).toEqual([a.id]);
      expect(await listed("refNumber", "202602-vendorcredit")).toEqual([a.id]);
      expect(await listed("creditDate", "2026-12-01", "lt")).toEqual([]);
      expect(await listed("creditStatus", "1")).toEqual([a.id]);
    });
  });
});
