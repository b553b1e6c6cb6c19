import { join } from "node:path";
import { freePort, ROOT, type Started, startProcess } from "./processes.ts";

/**
 * The bare node:http server with a fixed JSON body (bench/lib/bare-server.mjs), or the same
 * body from one Fastify route (bench/lib/fastify-server.mjs).
 */
export async function startBare(workDir: string, kind: "node" | "fastify" = "node"): Promise<Started> {
  const port = await freePort();
  return startProcess({
    command: process.execPath,
    args: [join(ROOT, kind === "node" ? "bench/lib/bare-server.mjs" : "bench/lib/fastify-server.mjs")],
    env: { PORT: String(port) },
    port,
    readyPath: "/",
    readyStatus: 200,
    logFile: join(workDir, `${kind === "node" ? "bare" : "fastify"}.log`),
  });
}

/**
 * The floor (bench/lib/floor-server.mjs): a session check's work in one synchronous function on
 * bare node:http, over a seeded SQLite file; `probe` is one of its (devKey, sessionId) pairs.
 */
export async function startFloor(
  workDir: string,
  databaseFile: string,
  probe: { devKey: string; sessionId: string },
): Promise<Started> {
  const port = await freePort();
  return startProcess({
    command: process.execPath,
    args: [join(ROOT, "bench/lib/floor-server.mjs")],
    env: { PORT: String(port), DATABASE_FILE: databaseFile },
    port,
    readyPath: "/connect/v3/login/session",
    readyHeaders: probe,
    readyStatus: 200,
    logFile: join(workDir, "floor.log"),
  });
}
