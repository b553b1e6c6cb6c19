import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { assetUrl } from "../../assets.ts";
import { CONSOLE_CSP } from "../../http/security-headers.ts";

const FILES = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "style.css": "text/css; charset=utf-8",
} as const;

/**
 * The operator web console at /console: three static files, no build step. They hold no data
 * and no secret; everything they show comes from the operator API with the token typed in.
 */
export function registerConsoleRoutes(app: FastifyInstance): void {
  const folder = fileURLToPath(assetUrl("operator/console/"));
  // Read on first use, then kept: building the app reads no file.
  const bodies = new Map<string, Buffer>();
  const bodyOf = (name: string) => {
    const known = bodies.get(name);
    if (known) return known;
    const body = readFileSync(folder + name);
    bodies.set(name, body);
    return body;
  };
  const assets = Object.entries(FILES).map(([name, type]) => ({ name, type }));
  const send =
    (asset: (typeof assets)[number]) => async (_request: unknown, reply: import("fastify").FastifyReply) =>
      reply
        .type(asset.type)
        .header("cache-control", "no-cache")
        .header("content-security-policy", CONSOLE_CSP)
        .send(bodyOf(asset.name));
  for (const asset of assets) {
    app.get(`/console/${asset.name}`, { schema: { hide: true } }, send(asset));
    if (asset.name === "index.html") app.get("/console", { schema: { hide: true } }, send(asset));
  }
}
