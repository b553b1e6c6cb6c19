import { join } from "node:path";
import { freePort, ROOT, type Started, startProcess } from "./processes.ts";

/** The bare node:http server with a fixed JSON body (bench/lib/bare-server.mjs). */
export async function startBare(workDir: string): Promise<Started> {
  const port = await freePort();
  return startProcess({
    command: process.execPath,
    args: [join(ROOT, "bench/lib/bare-server.mjs")],
    env: { PORT: String(port) },
    port,
    readyPath: "/",
    readyStatus: 200,
    logFile: join(workDir, "bare.log"),
  });
}
