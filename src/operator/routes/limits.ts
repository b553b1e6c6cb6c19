import type { AuthDeps } from "../../auth/context.ts";
import { isId } from "../../auth/crypto/ids.ts";
import { ApiError } from "../../errors.ts";
import type { App } from "../../http/types.ts";
import * as S from "../schemas.ts";
import { answer } from "../schemas.ts";
import { limitsView } from "../views.ts";
import { OPERATOR_PREFIX as P } from "./common.ts";

/** The limit status of a developer key: its hourly budgets and its requests in flight. */
export function registerOperatorLimitRoutes(app: App, deps: AuthDeps): void {
  app.get(`${P}/limits/:id`, answer(S.OperatorLimits), async (request) => {
    const { id } = request.params as { id: string };
    // By id only: a key itself never travels in a URL.
    const devKey = isId("devKey", id) ? await deps.stores.devKeys.findById(id) : undefined;
    if (!devKey) throw new ApiError({ key: "NOT_FOUND", params: { paramName0: id.slice(0, 20) } });
    return limitsView(deps, devKey);
  });
}
