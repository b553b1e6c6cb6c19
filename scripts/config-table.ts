/**
 * The README's configuration table, generated from the settings table (src/config/table.ts).
 *
 *   node --import tsx scripts/config-table.ts          prints it
 *   node --import tsx scripts/config-table.ts --write  rewrites it in README.md (npm run docs:config)
 *
 * test/config-table.test.ts fails when README.md's table is not this one.
 */
import { readFileSync, realpathSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeDefault } from "../src/config/setting.ts";
import { SETTING_ENTRIES } from "../src/config/table.ts";

export const README = fileURLToPath(new URL("../README.md", import.meta.url));
export const BEGIN =
  "<!-- config-table: generated from src/config/table.ts by `npm run docs:config`; edit it there -->";
export const END = "<!-- /config-table -->";

const row = (cells: readonly string[]): string =>
  `|${cells.map((cell) => (cell === "" ? " " : ` ${cell.replaceAll("|", "\\|")} `)).join("|")}|`;

/** The table, Markdown, without the markers. */
export function renderConfigTable(): string {
  const rows = SETTING_ENTRIES.map(({ setting }) =>
    row([
      setting.doc,
      `\`${setting.env}\``,
      setting.flag === undefined ? "" : `\`${setting.flag.split(" ")[0]}\``,
      describeDefault(setting),
    ]),
  );
  return [
    row(["Setting", "Environment variable", "`serve` flag", "Default"]),
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function markers(readme: string): { start: number; end: number } {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md lacks the markers ${BEGIN} … ${END}`);
  return { start: start + BEGIN.length, end };
}

/** The table between the markers, as written. */
export function tableIn(readme: string): string {
  const { start, end } = markers(readme);
  return readme.slice(start, end).trim();
}

/** The README with `table` between the markers. */
export function withTable(readme: string, table: string): string {
  const { start, end } = markers(readme);
  return `${readme.slice(0, start)}\n\n${table}\n\n${readme.slice(end)}`;
}

if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const table = renderConfigTable();
  if (process.argv.includes("--write")) {
    const readme = readFileSync(README, "utf8");
    const updated = withTable(readme, table);
    if (updated !== readme) writeFileSync(README, updated);
    process.stdout.write(updated === readme ? "README.md: up to date\n" : "README.md: table rewritten\n");
  } else {
    process.stdout.write(`${table}\n`);
  }
}
