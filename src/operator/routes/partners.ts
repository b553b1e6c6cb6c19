import { Type } from "typebox";
import { createPartner } from "../../auth/accounts/partners.ts";
import type { AuthDeps } from "../../auth/context.ts";
import { jsonObjectBody } from "../../http/request.ts";
import { resultValue } from "../../http/result.ts";
import type { App } from "../../http/types.ts";
import { validateFields } from "../../http/validate.ts";
import * as S from "../schemas.ts";
import { answer, ResultsOf } from "../schemas.ts";
import { createdPartnerView, listPartners } from "../views.ts";
import { OPERATOR_PREFIX as P } from "./common.ts";

const NewPartner = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  // The password rules are the domain's, with a message that names them.
  password: Type.Optional(Type.String()),
});

/** Partners: create, list. */
export function registerOperatorPartnerRoutes(app: App, deps: AuthDeps): void {
  app.get(`${P}/partners`, answer(ResultsOf(S.OperatorPartner)), async () => ({
    results: await listPartners(deps),
  }));

  app.post(`${P}/partners`, answer(S.OperatorCreatedPartner), async (request) => {
    const input = validateFields(NewPartner, jsonObjectBody(request));
    // The one time the appKey, devKey and password are ever shown.
    return createdPartnerView(resultValue(await createPartner(deps, input)));
  });
}
