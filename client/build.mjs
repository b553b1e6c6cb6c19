#!/usr/bin/env node
// `npm run build` (and `npm pack`, through `prepare`): the ES module build in dist/ and the
// CommonJS build in dist/cjs, each with its declarations. dist/cjs gets a package.json of its
// own saying "commonjs", so that Node and TypeScript read its .js and .d.ts files as CommonJS.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
rmSync(join(here, "dist"), { recursive: true, force: true });
for (const config of ["tsconfig.build.json", "tsconfig.cjs.json"]) {
  execFileSync(process.execPath, [tsc, "-p", join(here, config)], { stdio: "inherit" });
}
mkdirSync(join(here, "dist/cjs"), { recursive: true });
writeFileSync(join(here, "dist/cjs/package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
