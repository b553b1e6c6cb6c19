import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { V2Entity } from "../entity.ts";
import { actgClass, chartOfAccount, department, employee, job, location } from "./classifications.ts";
import type { V2EntityMapping } from "./common.ts";
import { ACTG_CLASS, CHART_OF_ACCOUNT, DEPARTMENT, EMPLOYEE, JOB, LOCATION } from "./examples.ts";
import { bodyOf, createProblems, type Engine, openEngine, patchProblems, picked } from "./testing.ts";

type Obj = Record<string, unknown>;

interface Case {
  entity: V2EntityMapping;
  example: Obj;
  /** What its v3 create body is. */
  v3: Obj;
  parent: string;
  /** The list field of its name, and a value. */
  label: [string, string];
}

const NAMED = (example: Obj): Obj => ({
  name: example.name,
  shortName: example.shortName,
  description: example.description,
});

const CASES: Case[] = [
  {
    entity: department,
    example: DEPARTMENT,
    v3: NAMED(DEPARTMENT),
    parent: "parentDepartmentId",
    label: ["name", "Marketing"],
  },
  {
    entity: location,
    example: LOCATION,
    v3: NAMED(LOCATION),
    parent: "parentLocationId",
    label: ["shortName", "WC"],
  },
  {
    entity: job,
    example: JOB,
    v3: NAMED(JOB),
    parent: "parentJobId",
    label: ["name", "Music Organizations"],
  },
  {
    entity: actgClass,
    example: ACTG_CLASS,
    v3: NAMED(ACTG_CLASS),
    parent: "parentActgClassId",
    label: ["shortName", "PS"],
  },
  {
    entity: employee,
    example: EMPLOYEE,
    v3: { firstName: "Albert", lastName: "Passage", shortName: "APS" },
    parent: "parentEmployeeId",
    label: ["lastName", "Passage"],
  },
  {
    entity: chartOfAccount,
    example: CHART_OF_ACCOUNT,
    v3: {
      name: "Office Expenses",
      description: "Office supplies, equipment, etc.",
      account: { type: "OTHER_EXPENSE", number: "651" },
    },
    parent: "parentChartOfAccountId",
    label: ["accountNumber", "651"],
  },
];

/** The v2 fields of an example that a round trip keeps (v2-only ones like ca1099Type aside). */
const kept = (example: Obj) => {
  const { ca1099Type: _, ...rest } = example;
  return rest;
};

describe.each(CASES)("v2 $entity.name over v3 $entity.resource", ({ entity, example, v3, parent, label }) => {
  it("turns BILL's v2 example into a v3 create body its declaration accepts", () => {
    const body = bodyOf(entity.toV3(example, "create"));
    expect(body).toEqual(v3);
    expect(createProblems(entity, body)).toEqual([]);
  });

  it("refuses what it cannot read with BILL's v2 codes", () => {
    const required = entity === employee ? "firstName" : "name";
    // Employees have no description: their short name is the field of the wrong type.

    expect(entity.toV3({ ...example, [required]: "" }, "create")).toEqual({
      ok: false,
      code: "BDC_1108",
      message: `Missing parameter value for parameter: ${required}.`,
    });
    expect(entity.toV3({ ...example, description: ["x"], shortName: ["x"] }, "create")).toMatchObject({
      ok: false,
      code: "BDC_1124",
    });
    expect(entity.toV3({ ...example, [parent]: "0de01XXXXXXXXXXXXXXXX" }, "create")).toMatchObject({
      ok: false,
      code: "BDC_1119",
    });
    expect(entity.toV3({ ...example, entity: "Vendor" }, "create")).toMatchObject({
      ok: false,
      code: "BDC_1118",
    });
  });

  describe("through the engine", () => {
    let engine: Engine;
    beforeEach(async () => {
      engine = await openEngine();
    });
    afterEach(() => engine.close());

    const make = (v2: Obj) => engine.create(entity as V2Entity, v2);

    it("creates BILL's example and reads it back in v2, parent and all", async () => {
      const parentRecord = await make(example);
      expect(picked(entity.toV2(parentRecord), kept(example))).toEqual(kept(example));
      const child = await make({
        ...example,
        [parent]: parentRecord.id,
        ...(entity === employee ? {} : { name: "Child" }),
      });
      expect(child.parentId).toBe(parentRecord.id);
      const v2 = entity.toV2(child);
      expect(v2).toMatchObject({
        entity: entity.name,
        id: child.id,
        isActive: "1",
        [parent]: parentRecord.id,
        mergedIntoId: "00000000000000000000",
        createdTime: "2026-11-29T10:00:00.000+0000",
      });
    });

    it("an Update replaces: the fields not sent are cleared", async () => {
      const made = await make(example);
      const sent = { ...entity.toV2(made), shortName: null, description: "" };
      const patch = bodyOf(entity.toV3(sent, "update"));
      expect(patchProblems(entity, patch)).toEqual([]);
      const v3after = await engine.update(entity, String(made.id), sent);
      expect(v3after).not.toHaveProperty("shortName");
      expect(v3after).not.toHaveProperty("description");
      expect(JSON.stringify(v3after)).not.toContain("null");
    });

    it("lists by isActive, by a name and by parent", async () => {
      const a = await make(example);
      const b = await make({
        ...example,
        [parent]: a.id,
        name: "Other",
        lastName: "Other",
        shortName: "O",
        accountNumber: "9",
      });
      await engine.archive(entity, String(b.id));
      const ids = async (field: string, value: unknown) =>
        (await engine.list(entity, [{ field, value }])).map((r) => r.id);
      expect(await ids("isActive", "1")).toEqual([a.id]);
      expect(await ids("isActive", "2")).toEqual([b.id]);
      expect(await ids(label[0], label[1])).toEqual([a.id]);
      expect(await ids(parent, a.id)).toEqual([b.id]);
      expect(entity.toV2(await engine.get(entity, String(b.id))).isActive).toBe("2");
    });
  });
});

describe("v2 ChartOfAccount's account types", () => {
  it("are codes 0–16 in BILL's order, both ways", () => {
    const table: [string, string][] = [
      ["0", "UNSPECIFIED"],
      ["1", "ACCOUNTS_PAYABLE"],
      ["3", "BANK"],
      ["7", "EXPENSE"],
      ["14", "OTHER_EXPENSE"],
      ["16", "NON_POSTING"],
    ];
    for (const [code, type] of table) {
      expect(bodyOf(chartOfAccount.toV3({ name: "A", accountType: code }, "create")).account).toEqual({
        type,
      });
      expect(chartOfAccount.toV2({ name: "A", account: { type } }).accountType).toBe(code);
      expect(chartOfAccount.listField("accountType")?.value?.(code)).toBe(type);
    }
    expect(chartOfAccount.toV3({ name: "A", accountType: "17" }, "create")).toMatchObject({
      code: "BDC_1119",
    });
    expect(chartOfAccount.toV3({ name: "A", accountType: "-1" }, "create")).toMatchObject({
      code: "BDC_1119",
    });
  });
});
