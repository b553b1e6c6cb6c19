import type { FastifyInstance } from "fastify";
import type { AuthDeps } from "../../auth/context.ts";
import { isId } from "../../auth/crypto/ids.ts";
import { formatTimestamp } from "../../clock.ts";
import { ApiError } from "../../errors.ts";
import { readLimits } from "../limits-report.ts";
import { OPERATOR_PREFIX as P } from "./common.ts";

/** The limit status of a developer key: its hourly budgets and its requests in flight. */
export function registerOperatorLimitRoutes(app: FastifyInstance, deps: AuthDeps): void {
  app.get<{ Params: { id: string } }>(`${P}/limits/:id`, async (request) => {
    const { id } = request.params;
    // By id only: a key itself never travels in a URL.
    if (!isId("devKey", id) || !(await deps.stores.devKeys.findById(id))) {
      throw new ApiError({ key: "NOT_FOUND", params: { paramName0: id.slice(0, 20) } });
    }
    const report = await readLimits(deps, id);
    const iso = (budget?: { resetAt: number }) =>
      budget ? { ...budget, resetAt: formatTimestamp(budget.resetAt) } : null;
    return {
      devKeyId: id,
      hourlyRequests: iso(report.hourlyRequests),
      hourlyLogins: iso(report.hourlyLogins),
      inFlight: report.inFlight ?? null,
    };
  });
}
