import { describe, expect, it } from "vitest";
import { valueAt, valuesAt } from "./list.ts";

describe("valuesAt", () => {
  const bill = {
    vendorId: "v",
    classifications: { departmentId: "d" },
    billLineItems: [
      { amount: 1, classifications: { jobId: "j0" } },
      { amount: 2 },
      { amount: 3, classifications: { jobId: "j2", itemId: "i2" } },
      null,
      "not an object",
    ],
  };

  it("finds a plain path as valueAt does", () => {
    expect(valuesAt(bill, "vendorId")).toEqual([{ path: "vendorId", value: "v" }]);
    expect(valuesAt(bill, "classifications.departmentId")).toEqual([
      { path: "classifications.departmentId", value: "d" },
    ]);
    expect(valueAt(bill, "classifications.departmentId")).toBe("d");
  });

  it("goes through arrays, naming each element's value by its index", () => {
    expect(valuesAt(bill, "billLineItems.classifications.jobId")).toEqual([
      { path: "billLineItems[0].classifications.jobId", value: "j0" },
      { path: "billLineItems[2].classifications.jobId", value: "j2" },
    ]);
    expect(valuesAt(bill, "billLineItems.amount").map((v) => v.value)).toEqual([1, 2, 3]);
  });

  it("leaves out what is absent, and answers an array at the end whole", () => {
    expect(valuesAt(bill, "billLineItems.classifications.employeeId")).toEqual([]);
    expect(valuesAt(bill, "missing.deeper")).toEqual([]);
    expect(valuesAt({ ids: ["a", "b"] }, "ids")).toEqual([{ path: "ids", value: ["a", "b"] }]);
    expect(valuesAt({ a: [[{ b: 1 }]] }, "a.b")).toEqual([]);
  });
});
