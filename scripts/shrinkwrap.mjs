#!/usr/bin/env node
/**
 * `npm pack` (prepack): ships package-lock.json as npm-shrinkwrap.json, so that `npm install
 * billet` installs exactly the dependency tree this repository was tested with, transitive
 * dependencies included, rather than whatever their ranges resolve to on the day (npm skips the
 * entries marked dev). `--remove` (postpack) deletes the copy again.
 */
import { copyFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shrinkwrap = join(root, "npm-shrinkwrap.json");
if (process.argv.includes("--remove")) rmSync(shrinkwrap, { force: true });
else copyFileSync(join(root, "package-lock.json"), shrinkwrap);
