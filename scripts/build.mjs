#!/usr/bin/env node
/**
 * `npm run build`: billet as JavaScript in dist/, what `bin/billet.mjs` runs and what the
 * package ships. `npm ci` runs it (the `prepare` script), and so does `npm pack`.
 *
 *   dist/cli.js, dist/testing.js   esbuild bundles of the CLI and of `billet/testing`, their
 *                                  shared code in dist/chunk-*.js; the server (`serve`) and the
 *                                  PostgreSQL and Redis stores are chunks loaded when used
 *   dist/auth/…, dist/operator/…   the files read at run time (src/assets.ts)
 *   dist/types/…                   declarations, from tsc (tsconfig.build.json)
 *
 * `node scripts/build.mjs --bundle` makes the bundles only, over the last build (about a
 * second, no tsc): the test suites do that before they start (test/global-setup.ts), so that
 * the CLI they run is the code under test.
 *
 * Why a bundle rather than tsc's one file per module: Node 20 loads ES modules one file at a
 * time, and billet with kysely, typebox and commander is about 1,300 files; as files a CLI
 * command took about 0.7 s to start, bundled about 0.3 s (docs/benchmarks.md, "Start-up").
 * The pure-JavaScript packages in BUNDLED go into the bundle (Fastify and pino included: no
 * pino transport is used, and pino-pretty is loaded from node_modules when wanted). Packages
 * with native code or files of their own (better-sqlite3, argon2, @fastify/swagger-ui and
 * @fastify/static, pino-pretty, pg, ioredis) stay in node_modules.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

/** Pure-JavaScript packages of many small modules, bundled for start-up time. */
const BUNDLED = new Set([
  "kysely",
  "typebox",
  "commander",
  "prom-client",
  "@fastify/proxy-addr",
  "fastify",
  "@fastify/formbody",
  "@fastify/swagger",
  "@fastify/fast-json-stringify-compiler",
  "fastify-plugin",
  "pino",
  "find-my-way",
]);

/** Files read at run time, by their path under src/ (and under dist/). */
const ASSETS = [
  "auth/crypto/hash-worker.mjs",
  "operator/console/index.html",
  "operator/console/app.js",
  "operator/console/style.css",
];

/** The bundles and the files they read, into dist/ (over what is there). */
export async function bundle() {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  // The last bundles go first (their chunks' names change with their content); declarations stay.
  if (existsSync(dist))
    for (const file of readdirSync(dist)) if (/\.js(\.map)?$/.test(file)) rmSync(join(dist, file));
  await build({
    absWorkingDir: root,
    entryPoints: { cli: "cli/main.ts", testing: "src/testing/index.ts" },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    // Parsing is most of a CLI command's start-up: less text parses faster. Names are kept,
    // for readable stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    // Bundled CommonJS (commander, prom-client) calls require(); ES modules have none.
    banner: {
      js: 'import { createRequire as __billetCreateRequire } from "node:module"; const require = __billetCreateRequire(import.meta.url);',
    },
    external: Object.keys(manifest.dependencies).filter((name) => !BUNDLED.has(name)),
    logLevel: "warning",
  });
  for (const asset of ASSETS) cpSync(join(root, "src", asset), join(dist, asset));
}

/** The whole build: a clean dist/ with bundles and declarations. */
export async function buildAll() {
  rmSync(dist, { recursive: true, force: true });
  await bundle();
  execFileSync(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")],
    {
      stdio: "inherit",
    },
  );
  for (const declarations of ["types/src/testing/index.d.ts", "types/client/src/index.d.ts"]) {
    if (!existsSync(join(dist, declarations))) throw new Error(`build: dist/${declarations} is missing`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = Date.now();
  if (process.argv.includes("--bundle")) await bundle();
  else await buildAll();
  process.stderr.write(`build: dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
