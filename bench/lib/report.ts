/** What a benchmark hands the runner: a table, ratios against targets, and notes. */
import type { LoadResult } from "./processes.ts";

export interface Ratio {
  name: string;
  value: number;
  /** e.g. "≥ 0.75" */
  target: string;
  /** Undefined for a figure given as context, without a target. */
  pass: boolean | undefined;
}

/** A ratio shown for context, with no target. */
export const context = (name: string, value: number): Ratio => ({
  name,
  value,
  target: "–",
  pass: undefined,
});

export interface Section {
  title: string;
  table: string;
  ratios: Ratio[];
  notes: string[];
}

export const atLeast = (name: string, value: number, min: number, unit = ""): Ratio => ({
  name,
  value,
  target: `≥ ${min}${unit}`,
  pass: value >= min,
});

export const atMost = (name: string, value: number, max: number, unit = ""): Ratio => ({
  name,
  value,
  target: `≤ ${max}${unit}`,
  pass: value <= max,
});

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

/** A markdown table of load results. */
export function loadTable(rows: { label: string; result: LoadResult | undefined; note?: string }[]): string {
  const lines = [
    "| scenario | req/s | server CPU µs/req | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | note |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const { label, result, note } of rows) {
    if (!result) {
      lines.push(`| ${label} | – | – | – | – | – | – | – | – | ${note ?? "not run"} |`);
      continue;
    }
    const l = result.latency;
    const cpu = result.cpuUsPerRequest === undefined ? "–" : fixed(result.cpuUsPerRequest, 0);
    lines.push(
      `| ${label} | ${fixed(result.rps, 0)} | ${cpu} | ${l.p50} | ${l.p90} | ${l.p99} | ${l.max} | ${result.non2xx} | ${result.errors + result.timeouts} | ${note ?? ""} |`,
    );
  }
  return lines.join("\n");
}

/** Every answer 2xx, no socket errors: otherwise the figures measure errors, not the server. */
export function valid(result: LoadResult): boolean {
  return result.non2xx === 0 && result.errors === 0 && result.timeouts === 0 && result.requests > 0;
}

export function validityNote(label: string, result: LoadResult): string[] {
  if (valid(result)) return [];
  return [
    `**${label} is invalid**: ${result.non2xx} non-2xx answers (${JSON.stringify(result.statusCodes)}), ${result.errors} errors, ${result.timeouts} timeouts.`,
  ];
}

export function printSection(section: Section): void {
  const out = [`## ${section.title}`, "", section.table, ""];
  if (section.ratios.length > 0) out.push(ratioTable(section.ratios), "");
  for (const note of section.notes) out.push(`- ${note}`);
  process.stdout.write(`${out.join("\n")}\n\n`);
}

export function ratioTable(ratios: Ratio[]): string {
  const lines = ["| measure | value | target | |", "|---|---:|---:|---|"];
  for (const r of ratios) {
    lines.push(
      `| ${r.name} | ${fixed(r.value, 2)} | ${r.target} | ${r.pass === undefined ? "" : r.pass ? "meets" : "**misses**"} |`,
    );
  }
  return lines.join("\n");
}
