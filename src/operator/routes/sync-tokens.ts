import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { createSyncTokenAsOperator, revokeSyncToken } from "../../auth/accounts/sync-tokens.ts";
import type { AuthDeps } from "../../auth/context.ts";
import { jsonObjectBody } from "../../http/request.ts";
import { resultValue } from "../../http/result.ts";
import type { App } from "../../http/types.ts";
import { validateFields } from "../../http/validate.ts";
import * as S from "../schemas.ts";
import { answer, ResultsOf } from "../schemas.ts";
import { createdSyncTokenView, listSyncTokensView, revokedSyncTokenView } from "../views.ts";
import { OPERATOR_PREFIX as P, queryString } from "./common.ts";

const NewSyncToken = Type.Object({
  organizationId: Type.String(),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  /** Who it acts as; the organization's first active Administrator when absent (ours). */
  userId: Type.Optional(Type.String()),
  /** A value of the operator's choosing (16–128 printable characters); generated when absent. */
  token: Type.Optional(Type.String({ minLength: 16, maxLength: 128 })),
});

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/** AP & AR sync tokens, as `billet sync-token …` manages them (views.ts). */
export function registerOperatorSyncTokenRoutes(app: App, deps: AuthDeps): void {
  app.get(`${P}/sync-tokens`, answer(ResultsOf(S.OperatorSyncToken)), async (request) => {
    const organizationId = queryString(request.query, "organizationId");
    return {
      results: await listSyncTokensView(deps, organizationId === undefined ? {} : { organizationId }),
    };
  });
  app.post(`${P}/sync-tokens`, answer(S.OperatorCreatedSyncToken), async (request) => {
    const { token, ...input } = validateFields(NewSyncToken, jsonObjectBody(request));
    const result = await createSyncTokenAsOperator(deps, {
      ...input,
      ...(token === undefined ? {} : { value: token }),
    });
    return createdSyncTokenView(resultValue(result));
  });
  app.post(`${P}/sync-tokens/:id/revoke`, answer(S.OperatorRevokedSyncToken), async (request) =>
    revokedSyncTokenView(resultValue(await revokeSyncToken(deps, idOf(request)))),
  );
}
