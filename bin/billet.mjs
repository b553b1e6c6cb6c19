#!/usr/bin/env node
// The `billet` command: runs the build (dist/, made by `npm run build`, which `npm ci` and
// `npm pack` run through the `prepare` script). BILLET_FROM_SOURCE=1 runs the TypeScript
// sources through tsx instead (a dev dependency: only in a checkout, for the tests).
const fromSource = process.env.BILLET_FROM_SOURCE === "1";
let entry;
if (fromSource) {
  const { register } = await import("tsx/esm/api");
  register();
  entry = "../cli/main.ts";
} else {
  entry = "../dist/cli.js";
}
let cli;
try {
  cli = await import(entry);
} catch (error) {
  if (
    !fromSource &&
    error?.code === "ERR_MODULE_NOT_FOUND" &&
    String(error.message).includes("dist/cli.js")
  ) {
    process.stderr.write(
      "billet: no build found (dist/). Run `npm run build` first, or set BILLET_FROM_SOURCE=1.\n",
    );
    process.exit(1);
  }
  throw error;
}
await cli.run(process.argv);
