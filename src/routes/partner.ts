/**
 * Partner level (spec section 8): login, the organizations a partner creates, and
 * login-as-user. Partner users and roles are in users.ts and roles.ts; partner logout is
 * `POST /v3/logout` with `appKey` (session.ts).
 */

import { createPartnerOrganization, listPartnerOrganizations } from "../auth/accounts/organizations.ts";
import type { AuthDeps } from "../auth/context.ts";
import { loginAsUser, partnerLogin } from "../auth/sessions/partner-sessions.ts";
import { ApiError } from "../errors.ts";
import { partnerSessionOf } from "../http/context.ts";
import { idempotentCreate } from "../http/idempotent.ts";
import { listBody, readPageRequest } from "../http/paging.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse, LoginResponse } from "../http/schemas/auth.ts";
import {
  CreateOrganizationBody,
  ListOf,
  LoginAsUserBody,
  OrganizationSchema,
  PartnerLoginBody,
  PartnerLoginResponse,
} from "../http/schemas/provisioning.ts";
import { inObjectOrder, organizationKey, organizationObject } from "../http/schemas/wire-objects.ts";
import type { App } from "../http/types.ts";
import { validateFields } from "../http/validate.ts";
import { validateBody } from "../http/validate-body.ts";

export function registerPartnerRoutes(app: App, deps: AuthDeps): void {
  app.post(
    "/connect/v3/partner/login",
    { schema: { response: { 200: PartnerLoginResponse, "4xx": ErrorResponse } } },
    async (request) => {
      const input = validateFields(PartnerLoginBody, jsonObjectBody(request));
      return resultValue(await partnerLogin(deps, { ...input, ip: request.ip }));
    },
  );

  app.post(
    "/connect/v3/partner/organizations",
    {
      schema: { response: { 200: OrganizationSchema, "4xx": ErrorResponse } },
      serializerCompiler: inObjectOrder,
      config: { auth: "partner" },
    },
    async (request, reply) => {
      const session = partnerSessionOf(request);
      const body = jsonObjectBody(request);
      const create = {
        caller: `partner:${session.partnerId}`,
        route: "POST /v3/partner/organizations",
        body,
      };
      return idempotentCreate(deps, request, reply, create, async () => {
        const input = validateBody(CreateOrganizationBody, body, ["address", "mailingAddress"]);
        return organizationObject(
          resultValue(await createPartnerOrganization(deps, session.partnerId, input)),
        );
      });
    },
  );

  app.get(
    "/connect/v3/partner/organizations",
    {
      schema: { response: { 200: ListOf(OrganizationSchema), "4xx": ErrorResponse } },
      serializerCompiler: inObjectOrder,
      config: { auth: "partner" },
    },
    async (request) => {
      const session = partnerSessionOf(request);
      const pageRequest = readPageRequest(request, "organizations");
      const page = await listPartnerOrganizations(deps, session.partnerId, pageRequest);
      return listBody("organizations", page, organizationKey, organizationObject);
    },
  );

  app.post(
    "/connect/v3/partner/login-as-user",
    { schema: { response: { 200: LoginResponse, "4xx": ErrorResponse } }, config: { auth: "partner" } },
    async (request) => {
      const session = partnerSessionOf(request);
      const input = validateFields(LoginAsUserBody, jsonObjectBody(request));
      // As at /v3/login: a device name means nothing without its rememberMeId.
      if (input.rememberMeId !== undefined && input.device === undefined) {
        throw new ApiError({ key: "MISSING_PARAMETER", params: { paramName0: "device" } });
      }
      return resultValue(await loginAsUser(deps, session, { ...input, ip: request.ip }));
    },
  );
}
