import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import { compareValues, type FilterField, matches, parseFilters, parseSort, parseTime } from "./query.ts";

const FIELDS: Record<string, FilterField> = {
  name: { type: "string", ops: ["eq", "sw"] },
  kind: { type: "string", ops: ["eq", "in", "nin"], values: ["A", "B", "C"] },
  amount: { type: "number", ops: ["lt", "gte", "in"] },
  archived: { type: "boolean", ops: ["eq", "ne"] },
  createdTime: { type: "datetime", ops: ["gt", "lte"] },
  dueDate: { type: "date", ops: ["eq", "lt"] },
};

const reason = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    if (error instanceof ApiError) return error.items[0]?.params?.paramName1;
    throw error;
  }
  return undefined;
};

describe("list filters", () => {
  it("parses each value type, quoted commas and colons kept", () => {
    expect(parseFilters('name:eq:"a, b: c",amount:gte:2.5,archived:eq:false', FIELDS)).toEqual([
      { field: "name", op: "eq", values: ["a, b: c"] },
      { field: "amount", op: "gte", values: [2.5] },
      { field: "archived", op: "eq", values: [false] },
    ]);
    expect(parseFilters('name:eq:"say \\"hi\\""', FIELDS)[0]?.values).toEqual(['say "hi"']);
    expect(parseFilters("dueDate:lt:2026-12-01", FIELDS)[0]?.values).toEqual(["2026-12-01"]);
  });

  it("takes in/nin as one quoted list, a bare value, or members quoted one by one", () => {
    expect(parseFilters('kind:in:"A,B"', FIELDS)[0]?.values).toEqual(["A", "B"]);
    expect(parseFilters("kind:in:A", FIELDS)[0]?.values).toEqual(["A"]);
    expect(parseFilters('kind:nin:"A","C",name:eq:x', FIELDS)).toEqual([
      { field: "kind", op: "nin", values: ["A", "C"] },
      { field: "name", op: "eq", values: ["x"] },
    ]);
    expect(parseFilters('amount:in:"1,2"', FIELDS)[0]?.values).toEqual([1, 2]);
    expect(reason(() => parseFilters('kind:in:"A,,B"', FIELDS))).toBe("'kind' has an empty value.");
    expect(reason(() => parseFilters('kind:in:"A,D"', FIELDS))).toBe("'kind' is one of A, B, C.");
  });

  it("reads BILL's five time forms; no offset is UTC; a date alone is its midnight", () => {
    const at = Date.UTC(2026, 11, 1, 10, 15, 30, 123);
    expect(parseTime("2026-12-01T10:15:30.123Z")).toBe(at);
    expect(parseTime("2026-12-01T12:15:30.123+02:00")).toBe(at);
    expect(parseTime("2026-12-01T12:15:30.123+0200")).toBe(at);
    expect(parseTime("2026-12-01T10:15:30.123")).toBe(at);
    expect(parseTime("2026-12-01T10:15:30")).toBe(at - 123);
    expect(parseTime("2026-12-01T10:15")).toBe(at - 30_123);
    expect(parseTime("2026-12-01")).toBe(Date.UTC(2026, 11, 1));
    for (const bad of ["2026-02-30", "2026-12-01 10:15", "yesterday", "2026-12-01T25:00", ""]) {
      expect(parseTime(bad), bad).toBeNaN();
    }
  });

  it("refuses, with a reason, what a list does not allow", () => {
    expect(reason(() => parseFilters("other:eq:1", FIELDS))).toBe("'other' cannot be filtered on.");
    expect(reason(() => parseFilters("name:gt:x", FIELDS))).toBe("'name' does not take 'gt'.");
    expect(reason(() => parseFilters("name:like:x", FIELDS))).toBe("Unknown operator 'like'.");
    expect(reason(() => parseFilters("amount:lt:ten", FIELDS))).toBe("'amount' takes a number value.");
    // Quotes never change a value's type.
    expect(parseFilters('amount:lt:"10"', FIELDS)[0]?.values).toEqual([10]);
    expect(reason(() => parseFilters("archived:eq:1", FIELDS))).toBe("'archived' takes a boolean value.");
    expect(reason(() => parseFilters("createdTime:gt:2026-13-01", FIELDS))).toBe(
      "'createdTime' takes a datetime value.",
    );
    expect(reason(() => parseFilters("name:eq:x,", FIELDS))).toBe("Each filter is field:operator:value.");
    expect(reason(() => parseFilters('name:eq:"x', FIELDS))).toBe("A quoted value is not closed.");
    expect(reason(() => parseFilters(["name:eq:x", "name:eq:y"], FIELDS))).toBe("Give filters once.");
    expect(reason(() => parseFilters(`name:eq:${"x".repeat(4001)}`, FIELDS))).toBe("Too long.");
    // Object.prototype names are not fields.
    expect(reason(() => parseFilters("constructor:eq:x", FIELDS))).toBe(
      "'constructor' cannot be filtered on.",
    );
  });

  it("matches values: text exactly and case-sensitively, ranges never match a missing value", () => {
    const [sw] = parseFilters("name:sw:Ab", FIELDS);
    expect([matches(sw!, "Abc"), matches(sw!, "abc"), matches(sw!, null)]).toEqual([true, false, false]);
    const [lt] = parseFilters("amount:lt:10", FIELDS);
    expect([matches(lt!, 9.99), matches(lt!, 10), matches(lt!, null)]).toEqual([true, false, false]);
    const [nin] = parseFilters('kind:nin:"A,B"', FIELDS);
    expect([matches(nin!, "C"), matches(nin!, "A"), matches(nin!, null)]).toEqual([true, false, true]);
    expect([compareValues(null, "a"), compareValues("B", "a"), compareValues(2, 10)]).toEqual([-1, -1, -1]);
  });
});

describe("list sort", () => {
  it("parses fields with directions, asc by default, and refuses the rest", () => {
    expect(parseSort("name,createdTime:desc", ["name", "createdTime"])).toEqual([
      { field: "name", desc: false },
      { field: "createdTime", desc: true },
    ]);
    expect(reason(() => parseSort("amount", ["name"]))).toBe("'amount' cannot be sorted on.");
    expect(reason(() => parseSort("name:down", ["name"]))).toBe("A direction is asc or desc.");
    expect(reason(() => parseSort("name:asc:x", ["name"]))).toBe("A direction is asc or desc.");
    expect(reason(() => parseSort("name,name", ["name"]))).toBe("'name' is given twice.");
  });
});
