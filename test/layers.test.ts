/**
 * The layers of the design, one direction (architecture section 2): routes and the HTTP
 * plumbing call the domain, the domain calls the store ports, and never the other way. Import
 * circles are checked by `npm run check:cycles` (dpdm), part of `npm test`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

/** What a file imports: relative paths resolved from the repository root, and package names. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map(([, spec]) =>
    spec?.startsWith(".") ? relative(ROOT, resolve(join(file, ".."), spec)) : (spec ?? ""),
  );
}

const violations = (layer: string, forbidden: readonly RegExp[]) =>
  filesUnder(join(ROOT, layer)).flatMap((file) =>
    importsOf(file)
      .filter((target) => forbidden.some((pattern) => pattern.test(target)))
      .map((target) => `${relative(ROOT, file)} imports ${target}`),
  );

describe("layers", () => {
  it("the domain (src/auth) knows no HTTP, no operator plane, no startup", () => {
    expect(
      violations("src/auth", [
        /^fastify/,
        /^@fastify\//,
        /^src\/(http|routes|operator|app|server|main)\b/,
        /^cli\//,
      ]),
    ).toEqual([]);
  });

  it("the resource engine and declarations (src/resources) know no HTTP, no operator plane, no store implementation", () => {
    expect(
      violations("src/resources", [
        /^fastify/,
        /^@fastify\//,
        /^src\/(routes|operator|app|server|main)\b/,
        /^src\/http\/(?!schemas\/same\.ts$)/,
        /^src\/stores\/(sql|redis|memory)\//,
        /^cli\//,
      ]),
    ).toEqual([]);
  });

  it("the v2 mappings (src/v2) are pure: no HTTP, no operator plane, no store", () => {
    expect(
      violations("src/v2", [
        /^fastify/,
        /^@fastify\//,
        /^src\/(http|routes|operator|stores|app|server|main)\b/,
        /^cli\//,
      ]),
    ).toEqual([]);
  });

  it("the stores know no domain and no HTTP", () => {
    expect(
      violations("src/stores", [/^fastify/, /^src\/(auth|http|routes|operator|app|server|main)\b/, /^cli\//]),
    ).toEqual([]);
  });

  it("the HTTP plumbing and the routes reach no store directly but through the domain's ports", () => {
    expect(
      violations("src/routes", [/^src\/stores\/(sql|redis|memory)\//, /^kysely/, /^better-sqlite3/, /^pg$/]),
    ).toEqual([]);
    expect(
      violations("src/http", [/^src\/stores\/(sql|redis|memory)\//, /^kysely/, /^better-sqlite3/, /^pg$/]),
    ).toEqual([]);
  });
});
