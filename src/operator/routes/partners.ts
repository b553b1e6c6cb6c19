import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { createPartner } from "../../auth/accounts/partners.ts";
import type { AuthDeps } from "../../auth/context.ts";
import { formatTimestamp } from "../../clock.ts";
import { jsonObjectBody } from "../../http/request.ts";
import { resultValue } from "../../http/result.ts";
import { validateFields } from "../../http/validate.ts";
import { OPERATOR_PREFIX as P } from "./common.ts";

const NewPartner = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  // The password rules are the domain's, with a message that names them.
  password: Type.Optional(Type.String()),
});

/** Partners: create, list. */
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
}
