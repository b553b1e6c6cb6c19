import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { AuthDeps } from "../../auth/context.ts";
import { createOAuthApp, revokeOAuthApp } from "../../auth/oauth/apps.ts";
import { ApiError } from "../../errors.ts";
import { jsonObjectBody } from "../../http/request.ts";
import { resultValue } from "../../http/result.ts";
import type { App } from "../../http/types.ts";
import { validateFields } from "../../http/validate.ts";
import {
  createdOAuthAppView,
  OperatorCreatedOAuthApp,
  OperatorOAuthApp,
  OperatorRevokedOAuthApp,
  oauthAppView,
  revokedOAuthAppView,
} from "../oauth-apps.ts";
import { answer, ResultsOf } from "../schemas.ts";
import { OPERATOR_PREFIX as P } from "./common.ts";

const NewOAuthApp = Type.Object({
  organizationId: Type.String(),
  userId: Type.String(),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  scope: Type.Union([Type.Literal("full"), Type.Literal("accounting")]),
});

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/**
 * OAuth client-credentials apps, as `billet oauth-app` manages them. (ours) The operator makes
 * an app for an administrator of the organization without MFA: the operator is no API client.
 */
export function registerOperatorOAuthAppRoutes(app: App, deps: AuthDeps): void {
  app.get(`${P}/oauth-apps`, answer(ResultsOf(OperatorOAuthApp)), async (request) => {
    const { organizationId } = (request.query ?? {}) as { organizationId?: unknown };
    if (organizationId !== undefined && typeof organizationId !== "string") {
      throw new ApiError({ key: "INVALID_VALUE", params: { paramName0: "organizationId" } });
    }
    const apps = await deps.stores.oauthApps.list({
      includeRevoked: true,
      ...(organizationId === undefined ? {} : { organizationId }),
    });
    return { results: apps.map(oauthAppView) };
  });
  app.post(`${P}/oauth-apps`, answer(OperatorCreatedOAuthApp), async (request) => {
    const input = validateFields(NewOAuthApp, jsonObjectBody(request));
    if (!(await deps.stores.organizations.findById(input.organizationId))) {
      throw new ApiError("INVALID_ORGANIZATION_ID");
    }
    return createdOAuthAppView(resultValue(await createOAuthApp(deps, input)));
  });
  app.post(`${P}/oauth-apps/:id/revoke`, answer(OperatorRevokedOAuthApp), async (request) =>
    revokedOAuthAppView(resultValue(await revokeOAuthApp(deps, idOf(request)))),
  );
}
