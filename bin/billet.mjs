#!/usr/bin/env node
// The `billet` command: loads TypeScript through tsx, then hands argv to the CLI.
import { register } from "tsx/esm/api";

// tsx's loader hooks cost a round trip per module, and these packages are hundreds of plain
// JavaScript modules: loading them before the hooks are registered roughly halves startup.
// The TypeScript sources later import the very same (cached) modules.
const httpStack = ["fastify", "typebox", "@fastify/type-provider-typebox"];
await Promise.all(
  ["kysely", "commander", "pino", ...(process.argv[2] === "serve" ? httpStack : [])].map(
    (name) => import(name),
  ),
);

register();
const { run } = await import("../cli/main.ts");
await run(process.argv);
