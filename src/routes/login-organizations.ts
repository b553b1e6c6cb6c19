/**
 * `GET /v3/login/organizations` (docs/bill-sign-in-modes.md section 5): BILL's "Get list of
 * login organizations", the organizations the current session's user can access, 100 to a
 * page, with the console organization each one is reached through.
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../client/src/types.ts";
import {
  type LoginOrganization,
  listLoginOrganizations,
  loginOrganizationKey,
} from "../auth/accounts/login-organizations.ts";
import type { AuthDeps } from "../auth/context.ts";
import { sessionOf } from "../http/context.ts";
import { AUTHENTICATED_ERRORS, errorResponses, SessionHeaders } from "../http/openapi.ts";
import { listBody, MAX_PAGE_SIZE, readPageRequest } from "../http/paging.ts";
import { ListOf } from "../http/schemas/provisioning.ts";
import { same } from "../http/schemas/same.ts";
import type { App } from "../http/types.ts";

/** (ours) BILL names the parts and not the fields: an organization's `id` and `name` as v3's. */
export const LoginOrganizationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  consoleOrganization: Type.Optional(Type.Object({ id: Type.String(), name: Type.String() })),
});

same<Static<typeof LoginOrganizationSchema>, Wire.LoginOrganization>(true);

const toWire = (entry: LoginOrganization) => ({
  id: entry.organizationId,
  name: entry.organizationName,
  ...(entry.console ? { consoleOrganization: { id: entry.console.id, name: entry.console.name } } : {}),
});

export function registerLoginOrganizationRoutes(app: App, deps: AuthDeps): void {
  app.get(
    "/connect/v3/login/organizations",
    {
      schema: {
        summary: "The organizations the session's user can access, with their console organizations",
        headers: SessionHeaders,
        querystring: Type.Object({
          max: Type.Optional(Type.String()),
          page: Type.Optional(Type.String()),
        }),
        response: {
          200: ListOf(LoginOrganizationSchema),
          ...errorResponses({ ...AUTHENTICATED_ERRORS, 400: ["MISSING_PARAMETER", "INVALID_VALUE"] }),
        },
      },
      config: { auth: "session" },
    },
    async (request) => {
      const session = sessionOf(request);
      // BILL: "You get 100 results on one page of results."
      const pageRequest = readPageRequest(request, "loginOrganizations", MAX_PAGE_SIZE);
      const page = await listLoginOrganizations(deps, session.userId, pageRequest);
      return listBody("loginOrganizations", page, loginOrganizationKey, toWire);
    },
  );
}
