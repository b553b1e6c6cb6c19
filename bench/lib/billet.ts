/** Starts billet itself (`node bin/billet.mjs serve`) as a child process, as an operator would. */
import { join } from "node:path";
import { freePort, ROOT, type Started, startProcess } from "./processes.ts";
import type { BenchAccount } from "./seed.ts";

export const OPERATOR_TOKEN = "bench-operator-token-0123456789-abcdef";
export const SESSION_PATH = "/connect/v3/login/session";

export interface BilletOptions {
  databaseUrl: string;
  mode?: "service" | "sandbox";
  /** The limits of spec section 6 on (BILL's values, the default) or all off (0). */
  limits?: "on" | "off";
  env?: NodeJS.ProcessEnv;
  /** Options of the server's node (e.g. --cpu-prof), before the script. */
  nodeArgs?: string[];
  /** A session to poll until it answers 200: the first answered request. */
  probe: BenchAccount;
  workDir: string;
  label: string;
}

export async function startBillet(options: BilletOptions): Promise<Started> {
  const port = await freePort();
  const limitsOff =
    options.limits === "off"
      ? {
          BILLET_HOURLY_REQUEST_LIMIT: "0",
          BILLET_HOURLY_LOGIN_LIMIT: "0",
          BILLET_CONCURRENT_REQUEST_LIMIT: "0",
        }
      : {};
  return startProcess({
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), join(ROOT, "bin/billet.mjs"), "serve"],
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
      BILLET_MODE: options.mode ?? "service",
      BILLET_OPERATOR_TOKEN: OPERATOR_TOKEN,
      BILLET_DEMO: "false",
      LOG_LEVEL: "info",
      NODE_ENV: "production",
      ...limitsOff,
      ...options.env,
    },
    port,
    readyPath: SESSION_PATH,
    readyHeaders: { devKey: options.probe.devKey, sessionId: options.probe.sessions[0] ?? "" },
    readyStatus: 200,
    logFile: join(options.workDir, `${options.label.replace(/\W+/g, "-")}.log`),
  });
}

/** Session checks, connection i keeping to account i's (devKey, organization) and cycling its sessions. */
export function sessionCheckLoad(accounts: BenchAccount[], connections: number) {
  return Array.from({ length: connections }, (_, i) => {
    const account = accounts[i % accounts.length] as BenchAccount;
    return account.sessions.map((sessionId) => ({
      headers: { devKey: account.devKey, sessionId },
    }));
  });
}
