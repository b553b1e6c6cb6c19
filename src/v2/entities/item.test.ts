import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chartOfAccount } from "./classifications.ts";
import { CHART_OF_ACCOUNT, SALES_TAX_ITEM, serviceItem } from "./examples.ts";
import { item } from "./item.ts";
import { bodyOf, createProblems, type Engine, openEngine, patchProblems, picked } from "./testing.ts";

const COA = "0ca01AJKBYXPHRFFdgng";

describe("v2 Item over v3 classifications/items", () => {
  it("turns a v2 sales tax item and a service item into v3 create bodies the declaration accepts", () => {
    expect(bodyOf(item.toV3(SALES_TAX_ITEM, "create"))).toEqual({
      type: "SALES_TAX",
      name: "NC Sales Tax",
      description: "North Carolina Sales Tax",
      percentage: 7,
    });
    const service = bodyOf(item.toV3(serviceItem(COA), "create"));
    expect(service).toEqual({
      type: "SERVICE",
      name: "Guitar lessons",
      shortName: "Lessons",
      description: "One hour of guitar lessons",
      price: 45.5,
      expenseChartOfAccountId: COA,
      purchaseDescription: "Teacher's hour",
      purchaseCost: 30,
      chartOfAccountId: COA,
      taxable: true,
    });
    expect(createProblems(item, service)).toEqual([]);
  });

  it("maps the type codes 0–13 in BILL's order, both ways", () => {
    const table: [string, string][] = [
      ["0", "UNKNOWN"],
      ["1", "SERVICE"],
      ["2", "INVENTORY"],
      ["3", "NON_INVENTORY"],
      ["5", "DISCOUNT"],
      ["6", "SALES_TAX"],
      ["8", "OTHER_CHARGE"],
      ["13", "CATEGORY"],
    ];
    for (const [code, type] of table) {
      expect(bodyOf(item.toV3({ name: "I", type: code }, "create")).type).toBe(type);
      expect(item.toV2({ name: "I", type }).type).toBe(code);
    }
  });

  it("refuses an item without a type, a code out of range and a text price", () => {
    expect(item.toV3({ name: "I" }, "create")).toEqual({
      ok: false,
      code: "BDC_1108",
      message: "Missing parameter value for parameter: type.",
    });
    expect(item.toV3({ name: "I", type: "99" }, "create")).toMatchObject({ code: "BDC_1119" });
    expect(item.toV3({ name: "I", type: "1", price: "a lot" }, "create")).toMatchObject({ code: "BDC_1124" });
    expect(item.toV3({ name: "I", type: "1", taxable: 1 }, "create")).toMatchObject({ code: "BDC_1124" });
    // Amounts as text are read as numbers, as v2 clients send them.
    expect(bodyOf(item.toV3({ name: "I", type: "1", price: "45.50" }, "create")).price).toBe(45.5);
  });

  describe("through the engine", () => {
    let engine: Engine;
    beforeEach(async () => {
      engine = await openEngine();
    });
    afterEach(() => engine.close());

    it("creates items naming a chart of accounts made through v2; they read back in v2", async () => {
      const coa = String((await engine.create(chartOfAccount, CHART_OF_ACCOUNT)).id);
      const sent = serviceItem(coa);
      const v3 = await engine.create(item, sent);
      const v2 = item.toV2(v3);
      expect(picked(v2, sent)).toEqual(sent);
      expect(v2).toMatchObject({
        hasPurInfo: true,
        percentage: null,
        createdTime: "2026-11-29T10:00:00.000+0000",
      });
      const tax = item.toV2(await engine.create(item, SALES_TAX_ITEM));
      expect(picked(tax, SALES_TAX_ITEM)).toEqual(SALES_TAX_ITEM);
      expect(tax).toMatchObject({ price: null, taxable: false, expenseAccount: "00000000000000000000" });
    });

    it("an Update clears what v2 does not send; an unknown chart of accounts is v3's own refusal", async () => {
      const coa = String((await engine.create(chartOfAccount, CHART_OF_ACCOUNT)).id);
      const made = await engine.create(item, serviceItem(coa));
      const sent = { ...item.toV2(made), price: null, expenseAccount: "", purCost: undefined };
      expect(patchProblems(item, bodyOf(item.toV3(sent, "update")))).toEqual([]);
      const v3 = await engine.update(item, String(made.id), sent);
      expect(v3).not.toHaveProperty("price");
      expect(v3).not.toHaveProperty("expenseChartOfAccountId");
      expect(v3).not.toHaveProperty("purchaseCost");
      expect(v3).toMatchObject({ chartOfAccountId: coa, taxable: true });
      await expect(
        engine.create(item, { ...serviceItem(coa), chartOfAccountId: "0ca01AAAAAAAAAAAAAAA" }),
      ).rejects.toThrow(/chartOfAccountId/);
    });

    it("lists by type, taxable and chart of accounts", async () => {
      const coa = String((await engine.create(chartOfAccount, CHART_OF_ACCOUNT)).id);
      const service = await engine.create(item, serviceItem(coa));
      const tax = await engine.create(item, SALES_TAX_ITEM);
      const ids = async (field: string, value: unknown) =>
        (await engine.list(item, [{ field, value }])).map((r) => r.id);
      expect(await ids("type", "6")).toEqual([tax.id]);
      expect(await ids("taxable", true)).toEqual([service.id]);
      expect(await ids("taxable", "false")).toEqual([tax.id]);
      expect(await ids("chartOfAccountId", coa)).toEqual([service.id]);
      expect(await ids("expenseAccount", coa)).toEqual([service.id]);
    });
  });
});
