import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { createPartner } from "../../auth/accounts/partners.ts";
import type { AuthDeps } from "../../auth/context.ts";
import { isId } from "../../auth/crypto/ids.ts";
import { formatTimestamp } from "../../clock.ts";
import { ApiError } from "../../errors.ts";
import { jsonObjectBody } from "../../http/request.ts";
import { resultValue } from "../../http/result.ts";
import { validateFields } from "../../http/validate.ts";
import { readLimits } from "../limits-report.ts";
import { OPERATOR_PREFIX as P } from "./common.ts";

const NewPartner = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  // The password rules are the domain's, with a message that names them.
  password: Type.Optional(Type.String()),
});

/** Partners (create, list) and the limit status of a developer key. */
export function registerOperatorPartnerRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { stores } = deps;

  app.get(`${P}/partners`, async () => ({
    results: await Promise.all(
      (await stores.partners.list()).map(async (partner) => ({
        id: partner.id,
        name: partner.name,
        devKeyId: partner.devKeyId,
        usernames: (await stores.partners.listUsers(partner.id)).map((user) => user.username),
        createdTime: formatTimestamp(partner.createdAt),
      })),
    ),
  }));

  app.post(`${P}/partners`, async (request) => {
    const input = validateFields(NewPartner, jsonObjectBody(request));
    const created = resultValue(await createPartner(deps, input));
    // The one time the appKey, devKey and password are ever shown.
    return {
      id: created.partner.id,
      name: created.partner.name,
      appKey: created.appKey,
      devKey: created.devKey,
      devKeyId: created.partner.devKeyId,
      username: created.user.username,
      password: created.password,
    };
  });

  app.get<{ Params: { id: string } }>(`${P}/limits/:id`, async (request) => {
    const { id } = request.params;
    // By id only: a key itself never travels in a URL.
    if (!isId("devKey", id) || !(await stores.devKeys.findById(id))) {
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
