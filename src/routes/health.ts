import { Type } from "typebox";
import type { AuthDeps } from "../auth/context.ts";
import type { App } from "../http/types.ts";
import { BILLET_VERSION } from "../version.ts";

/** One dependency that must answer for the instance to take traffic. */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers a trivial request. */
  probe(): Promise<void>;
}

const Live = Type.Object({ status: Type.Literal("live") });
const Ready = Type.Object({
  status: Type.Union([Type.Literal("ready"), Type.Literal("not ready")]),
  checks: Type.Record(Type.String(), Type.Union([Type.Literal("up"), Type.Literal("down")])),
});

/** What must answer: the database, and Redis when it is configured. */
export function readinessChecks(deps: AuthDeps): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [{ name: "database", probe: () => deps.stores.ping() }];
  const pingRedis = deps.stores.pingRedis;
  if (pingRedis) checks.push({ name: "redis", probe: () => pingRedis() });
  return checks;
}

/** Resolves true when `probe` answers within `timeoutMs`, false when it fails or takes longer. */
async function answers(probe: () => Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([probe().then(() => true as const), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /health/live` (the process runs) and `GET /health/ready` (every dependency answers).
 * They sit outside `/connect`: no credentials, BILL's error form does not apply, and no
 * limit counts them. A probe every few seconds would drown the request log, so these routes
 * log only warnings, and readiness logs when it changes.
 */
export function registerHealthRoutes(app: App, checks: readonly ReadinessCheck[], timeoutMs: number): void {
  app.get("/health/live", { logLevel: "warn", schema: { response: { 200: Live } } }, async () => ({
    status: "live" as const,
  }));

  let wasReady = true;
  app.get(
    "/health/ready",
    { logLevel: "warn", schema: { response: { 200: Ready, 503: Ready } } },
    async (_request, reply) => {
      const results = await Promise.all(checks.map((check) => answers(check.probe, timeoutMs)));
      const ready = results.every(Boolean);
      const down = checks.filter((_, i) => !results[i]).map((check) => check.name);
      if (ready !== wasReady) {
        if (ready) app.log.warn("ready again: every dependency answers");
        else app.log.warn({ down }, "not ready: a dependency does not answer");
        wasReady = ready;
      }
      return reply.code(ready ? 200 : 503).send({
        status: ready ? "ready" : "not ready",
        checks: Object.fromEntries(checks.map((check, i) => [check.name, results[i] ? "up" : "down"])),
      });
    },
  );
}

const BillHealth = Type.Object({
  appId: Type.String(),
  appEnv: Type.String(),
  appVersion: Type.String(),
  bdcRegion: Type.String(),
});

/**
 * BILL's own `GET /v3/health` (docs/bill-v3-resources.md; no credentials): the shape of BILL's
 * answer, with billet's values (ours): `billet`, its mode (`sandbox` or `service`), its
 * version, and `local` as the region.
 */
export function registerBillHealthRoute(app: App, deps: AuthDeps): void {
  const answer = {
    appId: "billet",
    appEnv: deps.config.mode,
    appVersion: BILLET_VERSION,
    bdcRegion: "local",
  };
  app.get(
    "/connect/v3/health",
    { logLevel: "warn", schema: { response: { 200: BillHealth } }, config: { auth: "none" } },
    async () => answer,
  );
}
