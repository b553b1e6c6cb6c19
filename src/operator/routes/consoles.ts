/**
 * `/operator/v1/consoles…`: BILL's Accountant Consoles (docs/bill-sign-in-modes.md section 5),
 * as `billet console` manages them: create a console, link client organizations, add users,
 * create, list and revoke Console API tokens (a token's value is shown once, at creation).
 */
import type { FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/operator-types.ts";
import {
  addConsoleOrganization,
  addConsoleUser,
  createConsole,
  createConsoleToken,
  getConsole,
  listConsoles,
  listConsoleTokens,
  removeConsoleOrganization,
  removeConsoleUser,
  revokeConsoleToken,
} from "../../auth/accounts/consoles.ts";
import type { AuthDeps } from "../../auth/context.ts";
import { jsonObjectBody } from "../../http/request.ts";
import { resultValue } from "../../http/result.ts";
import { same } from "../../http/schemas/same.ts";
import type { App } from "../../http/types.ts";
import { validateFields } from "../../http/validate.ts";
import { consoleDetailsView, consoleTokenView, consoleView } from "../console-views.ts";
import { answer, ResultsOf } from "../schemas.ts";
import { OPERATOR_PREFIX as P } from "./common.ts";

const Time = Type.String();

export const OperatorConsole = Type.Object({ id: Type.String(), name: Type.String(), createdTime: Time });
export const OperatorConsoleDetails = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdTime: Time,
  organizations: Type.Array(Type.Object({ organizationId: Type.String(), addedTime: Time })),
  users: Type.Array(Type.Object({ userId: Type.String(), email: Type.String(), addedTime: Time })),
});
export const OperatorConsoleOrganizationAdded = Type.Object({
  consoleId: Type.String(),
  organizationId: Type.String(),
  membershipsAdded: Type.Number(),
});
export const OperatorConsoleOrganizationRemoved = Type.Object({
  consoleId: Type.String(),
  organizationId: Type.String(),
  sessionsEnded: Type.Number(),
});
export const OperatorConsoleUserAdded = Type.Object({
  consoleId: Type.String(),
  userId: Type.String(),
  email: Type.String(),
  created: Type.Boolean(),
});
export const OperatorConsoleUserRemoved = Type.Object({
  consoleId: Type.String(),
  userId: Type.String(),
  tokensRevoked: Type.Number(),
  sessionsEnded: Type.Number(),
});
export const OperatorConsoleToken = Type.Object({
  id: Type.String(),
  consoleId: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  createdTime: Time,
  revokedTime: Type.Union([Time, Type.Null()]),
});
export const OperatorCreatedConsoleToken = Type.Object({
  id: Type.String(),
  consoleId: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  createdTime: Time,
  revokedTime: Type.Union([Time, Type.Null()]),
  token: Type.String(),
});
export const OperatorConsoleTokenRevoked = Type.Object({
  id: Type.String(),
  revoked: Type.Boolean(),
  sessionsEnded: Type.Number(),
});

same<Static<typeof OperatorConsole>, Wire.OperatorConsole>(true);
same<Static<typeof OperatorConsoleDetails>, Wire.OperatorConsoleDetails>(true);
same<Static<typeof OperatorConsoleOrganizationAdded>, Wire.OperatorConsoleOrganizationAdded>(true);
same<Static<typeof OperatorConsoleOrganizationRemoved>, Wire.OperatorConsoleOrganizationRemoved>(true);
same<Static<typeof OperatorConsoleUserAdded>, Wire.OperatorConsoleUserAdded>(true);
same<Static<typeof OperatorConsoleUserRemoved>, Wire.OperatorConsoleUserRemoved>(true);
same<Static<typeof OperatorConsoleToken>, Wire.OperatorConsoleToken>(true);
same<Static<typeof OperatorCreatedConsoleToken>, Wire.OperatorCreatedConsoleToken>(true);
same<Static<typeof OperatorConsoleTokenRevoked>, Wire.OperatorConsoleTokenRevoked>(true);

const NewConsole = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
const ConsoleOrganizationBody = Type.Object({ organizationId: Type.String({ maxLength: 20 }) });
const NewConsoleUser = Type.Object({
  email: Type.String({ maxLength: 254 }),
  firstName: Type.Optional(Type.String({ maxLength: 100 })),
  lastName: Type.Optional(Type.String({ maxLength: 100 })),
});
const NewConsoleToken = Type.Object({
  userId: Type.String({ maxLength: 20 }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});

const params = (request: FastifyRequest) => request.params as Record<string, string>;

export function registerOperatorConsoleRoutes(app: App, deps: AuthDeps): void {
  app.get(`${P}/consoles`, answer(ResultsOf(OperatorConsole)), async () => ({
    results: (await listConsoles(deps)).map(consoleView),
  }));
  app.post(`${P}/consoles`, answer(OperatorConsole), async (request) => {
    const input = validateFields(NewConsole, jsonObjectBody(request));
    return consoleView(resultValue(await createConsole(deps, input)));
  });
  app.get(`${P}/consoles/:id`, answer(OperatorConsoleDetails), async (request) =>
    consoleDetailsView(resultValue(await getConsole(deps, params(request).id ?? ""))),
  );

  app.post(`${P}/consoles/:id/organizations`, answer(OperatorConsoleOrganizationAdded), async (request) => {
    const { organizationId } = validateFields(ConsoleOrganizationBody, jsonObjectBody(request));
    return resultValue(await addConsoleOrganization(deps, params(request).id ?? "", organizationId));
  });
  app.delete(
    `${P}/consoles/:id/organizations/:organizationId`,
    answer(OperatorConsoleOrganizationRemoved),
    async (request) => {
      const { id = "", organizationId = "" } = params(request);
      return resultValue(await removeConsoleOrganization(deps, id, organizationId));
    },
  );

  app.post(`${P}/consoles/:id/users`, answer(OperatorConsoleUserAdded), async (request) => {
    const input = validateFields(NewConsoleUser, jsonObjectBody(request));
    return resultValue(await addConsoleUser(deps, params(request).id ?? "", input));
  });
  app.delete(`${P}/consoles/:id/users/:userId`, answer(OperatorConsoleUserRemoved), async (request) => {
    const { id = "", userId = "" } = params(request);
    return resultValue(await removeConsoleUser(deps, id, userId));
  });

  app.get(`${P}/consoles/:id/tokens`, answer(ResultsOf(OperatorConsoleToken)), async (request) => ({
    results: resultValue(await listConsoleTokens(deps, params(request).id ?? "")).map(consoleTokenView),
  }));
  app.post(`${P}/consoles/:id/tokens`, answer(OperatorCreatedConsoleToken), async (request) => {
    const input = validateFields(NewConsoleToken, jsonObjectBody(request));
    // The one time the token's value is ever shown.
    const { token, ...created } = resultValue(
      await createConsoleToken(deps, params(request).id ?? "", input),
    );
    return { ...consoleTokenView(created), token };
  });
  app.post(
    `${P}/consoles/:id/tokens/:tokenId/revoke`,
    answer(OperatorConsoleTokenRevoked),
    async (request) => {
      const { id = "", tokenId = "" } = params(request);
      return resultValue(await revokeConsoleToken(deps, id, tokenId));
    },
  );
}
