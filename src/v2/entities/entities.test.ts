/**
 * What every v2 entity mapping promises (src/v2/entity.ts): its v3 resource exists, its list
 * fields are fields the v3 list filters or sorts by, and neither direction ever throws, whatever
 * a client sends: a refusal is `{ ok: false }` with one of BILL's v2 codes.
 */
import { describe, expect, it } from "vitest";
import { RESOURCES } from "../../resources/index.ts";
import { NO_ID, V2_CODES } from "./common.ts";
import { V2_ENTITIES, v2Entity } from "./index.ts";
import { declarationOf } from "./testing.ts";

type Obj = Record<string, unknown>;

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [
  null,
  "",
  " ",
  "0",
  "1",
  "2",
  "-1",
  "1e999",
  "NaN",
  0,
  -1,
  1.005,
  Number.MAX_SAFE_INTEGER,
  true,
  false,
  [],
  [1, "a"],
  [{}],
  [{ amount: "x" }],
  {},
  { id: 1 },
  NO_ID,
  "00901AYXJFMTDDO4xat5",
  "0ca01UDEGLGDXULOdumd",
  "2026-02-31",
  "2026-12-01",
  "x".repeat(5000),
  "<script>",
  "constructor",
];

/** Every v2 field an entity answers, its lines' fields included. */
function v2Fields(entity: (typeof V2_ENTITIES)[number]): string[] {
  const sample = entity.toV2({
    id: "x",
    billLineItems: [{ id: "l" }],
    invoiceLineItems: [{ id: "l" }],
    vendorCreditLineItems: [{ id: "l" }],
  });
  return Object.keys(sample);
}

function fuzzObject(next: () => number, fields: readonly string[], depth = 0): Obj {
  const obj: Obj = {};
  for (const field of fields) {
    if (next() < 0.5) continue;
    const pick = ODD_VALUES[Math.floor(next() * ODD_VALUES.length)];
    obj[field] =
      depth === 0 && field.endsWith("LineItems") && next() < 0.7
        ? [
            fuzzObject(
              next,
              ["amount", "quantity", "unitPrice", "price", "ratePercent", "id", "itemId", "entity"],
              1,
            ),
          ]
        : pick;
  }
  return obj;
}

describe("every v2 entity", () => {
  it("is one of the twelve BILL entities billet serves, each over a v3 resource", () => {
    expect(V2_ENTITIES.map((e) => e.name).sort()).toEqual(
      [
        "ActgClass",
        "Bill",
        "ChartOfAccount",
        "Customer",
        "Department",
        "Employee",
        "Invoice",
        "Item",
        "Job",
        "Location",
        "Vendor",
        "VendorCredit",
      ].sort(),
    );
    for (const entity of V2_ENTITIES) {
      expect(RESOURCES.map((d) => d.name)).toContain(entity.resource);
      expect(v2Entity(entity.name)).toBe(entity);
      expect(entity.deletes).toBe("archive");
    }
    expect(v2Entity("constructor")).toBeUndefined();
    expect(new Set(V2_ENTITIES.map((e) => e.resource)).size).toBe(V2_ENTITIES.length);
  });

  it.each(V2_ENTITIES)(
    "$name: lists by id, isActive and the times, and only by what its v3 list takes",
    (entity) => {
      const declaration = declarationOf(entity);
      for (const base of ["id", "isActive", "createdTime", "updatedTime"])
        expect(entity.listField(base)).toBeDefined();
      for (const v2 of v2Fields(entity)) {
        const field = entity.listField(v2);
        if (!field) continue;
        expect(Object.keys(declaration.fields), `${entity.name}.${v2}`).toContain(field.field);
        const listed =
          Object.hasOwn(declaration.filters, field.field) || declaration.sorts.includes(field.field);
        expect(listed, `${entity.name}.${v2} → ${field.field}`).toBe(true);
      }
      for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
        expect(entity.listField(name)).toBeUndefined();
      }
      expect(entity.listField("isActive")?.value?.("1")).toBe(false);
      expect(entity.listField("isActive")?.value?.("2")).toBe(true);
      expect(entity.listField("isActive")?.value?.("yes")).toBeUndefined();
      expect(entity.listField("createdTime")?.value?.("2013-10-28T04:41:49.000+0000")).toBe(
        Date.UTC(2013, 9, 28, 4, 41, 49),
      );
      expect(entity.listField("createdTime")?.value?.("yesterday")).toBeUndefined();
    },
  );

  it.each(V2_ENTITIES)(
    "$name: never throws on what a client sends; refusals carry BILL's v2 codes",
    (entity) => {
      const next = random(entity.name.length * 7919);
      const fields = [...v2Fields(entity), "__proto__", "prototype"];
      const codes = new Set<string>(Object.values(V2_CODES));
      for (let run = 0; run < 400; run++) {
        const obj = fuzzObject(next, fields);
        for (const action of ["create", "update"] as const) {
          const result = entity.toV3(obj, action);
          if (!result.ok) {
            expect(codes).toContain(result.code);
            expect(result.message.length).toBeLessThan(300);
            expect(result.message).not.toContain("<script>");
          } else expect(typeof result.value).toBe("object");
        }
        // An answer of odd v3 objects is still an object, never a throw.
        expect(typeof entity.toV2(obj)).toBe("object");
      }
      const polluted = JSON.parse('{"__proto__": {"polluted": true}, "name": "X"}');
      entity.toV3(polluted, "create");
      expect(({} as Obj).polluted).toBeUndefined();
    },
  );

  it.each(V2_ENTITIES)("$name: answers its entity name, isActive 1/2 and v2's time form", (entity) => {
    const v2 = entity.toV2({
      id: "abc",
      archived: true,
      createdTime: "2026-11-29T10:00:00.000+00:00",
      updatedTime: "2026-11-30T11:30:00.250+00:00",
    });
    expect(v2).toMatchObject({
      entity: entity.name,
      id: "abc",
      isActive: "2",
      createdTime: "2026-11-29T10:00:00.000+0000",
      updatedTime: "2026-11-30T11:30:00.250+0000",
    });
    expect(entity.toV2({ id: "abc", archived: false }).isActive).toBe("1");
  });
});
