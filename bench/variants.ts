/**
 * Where the session check's time goes: the same load against billet started with one setting
 * changed at a time (logging, limits, request log, mode). `npm run bench:variants`.
 */
import { join } from "node:path";
import { SESSION_PATH, sessionCheckLoad, startBillet } from "./lib/billet.ts";
import { runLoad } from "./lib/processes.ts";
import { seed } from "./lib/seed.ts";
import { settings } from "./lib/settings.ts";
import { withWorkDir } from "./lib/work.ts";

const VARIANTS: { label: string; env: NodeJS.ProcessEnv; limits?: "on" | "off" }[] = [
  { label: "as shipped (service, limits on, logs at info)", env: {} },
  { label: "session cache off", env: { BILLET_SESSION_CACHE_SIZE: "0" } },
  { label: "sandbox mode (operator plane on)", env: { BILLET_MODE: "sandbox" } },
  { label: "logs off", env: { LOG_LEVEL: "silent" } },
  { label: "limits off", env: {}, limits: "off" },
  { label: "request log off", env: { BILLET_REQUEST_LOG_SIZE: "0" } },
  {
    label: "logs, limits and request log off",
    env: { LOG_LEVEL: "silent", BILLET_REQUEST_LOG_SIZE: "0" },
    limits: "off",
  },
];

await withWorkDir("variants", async (dir) => {
  const databaseUrl = join(dir, "variants.db");
  const accounts = await seed({ databaseUrl, accounts: settings.connections, sessionsPerAccount: 20 });
  for (const variant of VARIANTS) {
    const server = await startBillet({
      databaseUrl,
      probe: accounts[0]!,
      workDir: dir,
      label: variant.label,
      env: variant.env,
      ...(variant.limits ? { limits: variant.limits } : {}),
    });
    try {
      const cpuBefore = server.cpuSeconds();
      const result = await runLoad(
        {
          url: server.url,
          path: SESSION_PATH,
          connections: settings.connections,
          durationS: settings.durationS,
          warmupS: 0,
          perConnection: sessionCheckLoad(accounts, settings.connections),
        },
        dir,
      );
      const cpuUs = ((server.cpuSeconds() - cpuBefore) * 1e6) / Math.max(1, result.requests);
      process.stdout.write(
        `${variant.label.padEnd(48)} ${String(Math.round(result.rps)).padStart(7)} req/s  p99 ${result.latency.p99} ms  ${cpuUs.toFixed(0)} µs CPU/req  non-2xx ${result.non2xx}\n`,
      );
    } finally {
      await server.stop();
    }
  }
});
