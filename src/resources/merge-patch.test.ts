import { describe, expect, it } from "vitest";
import { mergePatch } from "./engine.ts";

describe("mergePatch", () => {
  it("merges nested objects field by field and clears a field with null", () => {
    const stored = { name: "A", address: { line1: "1 Main St", city: "Springfield" } };
    expect(mergePatch(stored, { address: { city: null, line2: "Suite 2" } })).toEqual({
      name: "A",
      address: { line1: "1 Main St", line2: "Suite 2" },
    });
  });

  it("never stores a null: a nested object over nothing drops its nulls, at every depth", () => {
    expect(
      mergePatch(
        { name: "A" },
        { additionalInfo: { taxId: null, companyName: "X", deep: { a: null, b: 1 } } },
      ),
    ).toEqual({ name: "A", additionalInfo: { companyName: "X", deep: { b: 1 } } });
    expect(mergePatch({ name: "A", contact: "text" }, { contact: { firstName: null } })).toEqual({
      name: "A",
      contact: {},
    });
  });

  it("replaces arrays and scalars whole", () => {
    expect(mergePatch({ lines: [1, 2], n: 1 }, { lines: [3], n: 2 })).toEqual({ lines: [3], n: 2 });
  });
});
