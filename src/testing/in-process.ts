/**
 * `startBillet({ mode: "in-process" })`: the server in the tests' own process, as `billet serve`
 * runs it (src/main.ts): configuration, stores, the seed, the listener, then the demo account on
 * a store the seed gave no developer key. The environment is not read.
 */
import type { DestinationStream } from "pino";
import { loadConfig } from "../config.ts";
import { ensureDemoAccount } from "../operator/demo.ts";
import { startServer } from "../server.ts";
import type { ServerRequest, StartedServer } from "./types.ts";

const QUIET: DestinationStream = { write: () => {} };

export async function startInProcess(request: ServerRequest): Promise<StartedServer> {
  const config = loadConfig({}, request.config as Parameters<typeof loadConfig>[1]);
  const logStream: DestinationStream =
    config.logLevel === "silent" ? QUIET : { write: (line: string) => request.log(line) };
  const server = await startServer(config, { logStream });
  try {
    const demo = config.demo ? await ensureDemoAccount(server.runtime.deps) : undefined;
    if (demo && !demo.ok) {
      throw new Error(`could not create the demo account: ${demo.errors.map((e) => e.key).join(", ")}`);
    }
    return {
      url: server.url,
      operatorUrl: server.operatorUrl,
      demo: demo?.value,
      seedReport: server.seedReport,
      stop: () => server.close(),
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
