import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { forceEmailChange, requestEmailChangeAsOperator } from "../../auth/accounts/email-changes.ts";
import {
  createDevKey,
  createOrganization,
  createUser,
  deactivateDevKey,
  setOrganizationLocked,
  setPassword,
  setUserArchived,
} from "../../auth/accounts/provisioning.ts";
import type { AuthDeps } from "../../auth/context.ts";
import { isId } from "../../auth/crypto/ids.ts";
import { clearMfaFailures, mfaFailureCount } from "../../auth/mfa/failure-limit.ts";
import { formatTimestamp } from "../../clock.ts";
import { ApiError } from "../../errors.ts";
import { jsonObjectBody } from "../../http/request.ts";
import { resultValue } from "../../http/result.ts";
import type { App } from "../../http/types.ts";
import { validateFields } from "../../http/validate.ts";
import { ROLE_TYPES } from "../../stores/types/organizations.ts";
import * as S from "../schemas.ts";
import { answer, ResultsOf } from "../schemas.ts";
import {
  createdDevKeyView,
  createdUserView,
  deactivatedDevKeyView,
  emailChangeView,
  listDevKeys,
  listOrganizations,
  listUsersOfOrganization,
  membershipChangeView,
  organizationLockView,
  organizationView,
  passwordSetView,
} from "../views.ts";
import { OPERATOR_PREFIX as P } from "./common.ts";

const NewOrganization = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
const NewUser = Type.Object({
  organizationId: Type.String(),
  email: Type.String({ maxLength: 254 }),
  // The password rules (length, not the email) are the domain's, with a message naming them.
  password: Type.Optional(Type.String()),
  role: Type.Optional(Type.Union(ROLE_TYPES.map((role) => Type.Literal(role)))),
  firstName: Type.Optional(Type.String({ maxLength: 100 })),
  lastName: Type.Optional(Type.String({ maxLength: 100 })),
});
const Membership = Type.Object({ organizationId: Type.String() });
const NewPassword = Type.Object({ password: Type.String() });
const NewEmail = Type.Object({
  email: Type.String({ maxLength: 254 }),
  force: Type.Optional(Type.Boolean()),
});
const NewDevKey = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  key: Type.Optional(Type.String({ minLength: 16, maxLength: 128 })),
  mfaBypass: Type.Optional(Type.Boolean()),
});

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const notFound = (id: string) => new ApiError({ key: "NOT_FOUND", params: { paramName0: id.slice(0, 20) } });

/** Organizations, users and developer keys, as the CLI manages them (views.ts). */
export function registerOperatorAccountRoutes(app: App, deps: AuthDeps): void {
  const { stores } = deps;

  app.get(`${P}/organizations`, answer(ResultsOf(S.OperatorOrganization)), async () => ({
    results: await listOrganizations(deps),
  }));
  app.post(`${P}/organizations`, answer(S.OperatorOrganization), async (request) => {
    const input = validateFields(NewOrganization, jsonObjectBody(request));
    return organizationView(resultValue(await createOrganization(deps, input)));
  });
  for (const [action, locked] of [
    ["lock", true],
    ["unlock", false],
  ] as const) {
    app.post(`${P}/organizations/:id/${action}`, answer(S.OperatorOrganizationLock), async (request) => {
      const id = idOf(request);
      return organizationLockView(id, locked, resultValue(await setOrganizationLocked(deps, id, locked)));
    });
  }

  app.get(`${P}/organizations/:id/users`, answer(ResultsOf(S.OperatorUser)), async (request) => ({
    results: resultValue(await listUsersOfOrganization(deps, idOf(request))),
  }));
  app.post(`${P}/users`, answer(S.OperatorCreatedUser), async (request) => {
    const input = validateFields(NewUser, jsonObjectBody(request));
    return createdUserView(input, resultValue(await createUser(deps, input)));
  });
  for (const [action, archived] of [
    ["archive", true],
    ["restore", false],
  ] as const) {
    app.post(`${P}/users/:id/${action}`, answer(S.OperatorMembershipChange), async (request) => {
      const { organizationId } = validateFields(Membership, jsonObjectBody(request));
      const change = { userId: idOf(request), organizationId, archived };
      return membershipChangeView(change, resultValue(await setUserArchived(deps, change)));
    });
  }
  app.post(`${P}/users/:id/password`, answer(S.OperatorPasswordSet), async (request) => {
    const { password } = validateFields(NewPassword, jsonObjectBody(request));
    resultValue(await setPassword(deps, idOf(request), password));
    return passwordSetView(idOf(request));
  });

  // An email change: confirmed by the new address like any other, or `force: true` (audited).
  app.post(`${P}/users/:id/email`, answer(S.OperatorEmailChange), async (request) => {
    const { email, force } = validateFields(NewEmail, jsonObjectBody(request));
    const userId = idOf(request);
    return emailChangeView(
      force
        ? resultValue(await forceEmailChange(deps, userId, email))
        : resultValue(await requestEmailChangeAsOperator(deps, userId, email)),
    );
  });
  app.get(`${P}/users/:id/mfa-failures`, answer(S.OperatorMfaFailures), async (request) => {
    const userId = idOf(request);
    if (!(await stores.users.findById(userId))) throw notFound(userId);
    const { count, resetsAt } = await mfaFailureCount(deps, userId);
    return {
      userId,
      count,
      limit: deps.config.mfaFailureLimit,
      resetTime: resetsAt === null ? null : formatTimestamp(resetsAt),
    };
  });
  app.delete(`${P}/users/:id/mfa-failures`, answer(S.OperatorMfaFailuresCleared), async (request) => {
    const userId = idOf(request);
    if (!(await stores.users.findById(userId))) throw notFound(userId);
    return { userId, ...resultValue(await clearMfaFailures(deps, userId)) };
  });

  app.get(`${P}/devkeys`, answer(ResultsOf(S.OperatorDevKey)), async () => ({
    results: await listDevKeys(deps),
  }));
  app.post(`${P}/devkeys`, answer(S.OperatorCreatedDevKey), async (request) => {
    const input = validateFields(NewDevKey, jsonObjectBody(request));
    return createdDevKeyView(input, resultValue(await createDevKey(deps, input)));
  });
  app.post(`${P}/devkeys/:id/deactivate`, answer(S.OperatorDeactivatedDevKey), async (request) => {
    const id = idOf(request);
    // By id only: a key itself never travels in a URL.
    if (!isId("devKey", id)) throw notFound(id);
    return deactivatedDevKeyView(resultValue(await deactivateDevKey(deps, id)));
  });
}
