import { readFileSync } from "node:fs";

/**
 * billet's own version, read from its package.json. The file is found by walking up from this
 * module, so the same code works from the TypeScript sources (src/version.ts) and from the
 * build (dist/src/version.js), where a JSON import would point at the wrong folder.
 */
export const BILLET_VERSION: string = readVersion();

function readVersion(): string {
  for (let folder = new URL("./", import.meta.url); ; folder = new URL("../", folder)) {
    try {
      const manifest = JSON.parse(readFileSync(new URL("package.json", folder), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === "billet" && manifest.version) return manifest.version;
    } catch {
      // No package.json here (or not readable): keep walking up.
    }
    if (new URL("../", folder).href === folder.href) return "0.0.0";
  }
}
