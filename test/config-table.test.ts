import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README, renderConfigTable, tableIn } from "../scripts/config-table.ts";

describe("the README's configuration table", () => {
  it("is the one generated from src/config/table.ts", () => {
    const expected = renderConfigTable();
    expect(
      tableIn(readFileSync(README, "utf8")),
      `README.md's configuration table is not the settings table's: run \`npm run docs:config\`. It should be:\n\n${expected}\n`,
    ).toBe(expected);
  });
});
