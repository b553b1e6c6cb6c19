import type { FastifyInstance } from "fastify";
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
import { validateFields } from "../../http/validate.ts";
import { ROLE_TYPES } from "../../stores/types.ts";
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

type Params = { id: string };

/** Organizations, users and developer keys, as the CLI manages them. */
export function registerOperatorAccountRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { stores } = deps;
  const organizationView = (o: {
    id: string;
    name: string;
    locked: boolean;
    createdAt: number;
    updatedAt: number;
  }) => ({
    id: o.id,
    name: o.name,
    locked: o.locked,
    createdTime: formatTimestamp(o.createdAt),
    updatedTime: formatTimestamp(o.updatedAt),
  });

  app.get(`${P}/organizations`, async () => ({
    results: (await stores.organizations.list()).map(organizationView),
  }));
  app.post(`${P}/organizations`, async (request) => {
    const input = validateFields(NewOrganization, jsonObjectBody(request));
    return organizationView(resultValue(await createOrganization(deps, input)));
  });
  for (const [action, locked] of [
    ["lock", true],
    ["unlock", false],
  ] as const) {
    app.post<{ Params: Params }>(`${P}/organizations/:id/${action}`, async (request) => ({
      id: request.params.id,
      locked,
      ...resultValue(await setOrganizationLocked(deps, request.params.id, locked)),
    }));
  }

  app.get<{ Params: Params }>(`${P}/organizations/:id/users`, async (request) => {
    const organizationId = request.params.id;
    if (!(await stores.organizations.findById(organizationId))) {
      throw new ApiError({ key: "NOT_FOUND", params: { paramName0: organizationId } });
    }
    const roles = new Map((await stores.roles.listByOrganization(organizationId)).map((r) => [r.id, r.type]));
    const results = [];
    for (const membership of await stores.memberships.listForOrganization(organizationId)) {
      const user = await stores.users.findById(membership.userId);
      if (!user) continue;
      results.push({
        id: user.id,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        role: roles.get(membership.roleId) ?? null,
        archived: membership.archived,
        pending: membership.pending,
        hasPassword: user.passwordHash !== null,
        createdTime: formatTimestamp(user.createdAt),
      });
    }
    return { results };
  });
  app.post(`${P}/users`, async (request) => {
    const input = validateFields(NewUser, jsonObjectBody(request));
    const { userId, created } = resultValue(await createUser(deps, input));
    return { id: userId, created, organizationId: input.organizationId };
  });
  for (const [action, archived] of [
    ["archive", true],
    ["restore", false],
  ] as const) {
    app.post<{ Params: Params }>(`${P}/users/:id/${action}`, async (request) => {
      const { organizationId } = validateFields(Membership, jsonObjectBody(request));
      const userId = request.params.id;
      return {
        userId,
        organizationId,
        archived,
        ...resultValue(await setUserArchived(deps, { userId, organizationId, archived })),
      };
    });
  }
  app.post<{ Params: Params }>(`${P}/users/:id/password`, async (request) => {
    const { password } = validateFields(NewPassword, jsonObjectBody(request));
    resultValue(await setPassword(deps, request.params.id, password));
    return { userId: request.params.id, passwordSet: true };
  });

  // An email change: confirmed by the new address like any other, or `force: true` (audited).
  app.post<{ Params: Params }>(`${P}/users/:id/email`, async (request) => {
    const { email, force } = validateFields(NewEmail, jsonObjectBody(request));
    if (force)
      return { ...resultValue(await forceEmailChange(deps, request.params.id, email)), changed: true };
    const requested = resultValue(await requestEmailChangeAsOperator(deps, request.params.id, email));
    return { userId: requested.userId, changed: false, confirmationSent: requested.requested };
  });
  app.get<{ Params: Params }>(`${P}/users/:id/mfa-failures`, async (request) => {
    if (!(await stores.users.findById(request.params.id))) {
      throw new ApiError({ key: "NOT_FOUND", params: { paramName0: request.params.id.slice(0, 20) } });
    }
    const { count, resetsAt } = await mfaFailureCount(deps, request.params.id);
    return {
      userId: request.params.id,
      count,
      limit: deps.config.mfaFailureLimit,
      resetTime: resetsAt === null ? null : formatTimestamp(resetsAt),
    };
  });
  app.delete<{ Params: Params }>(`${P}/users/:id/mfa-failures`, async (request) => {
    if (!(await stores.users.findById(request.params.id))) {
      throw new ApiError({ key: "NOT_FOUND", params: { paramName0: request.params.id.slice(0, 20) } });
    }
    return { userId: request.params.id, ...resultValue(await clearMfaFailures(deps, request.params.id)) };
  });

  app.get(`${P}/devkeys`, async () => ({
    results: (await stores.devKeys.list()).map((k) => ({
      id: k.id,
      name: k.name,
      active: k.active,
      mfaBypass: k.mfaBypass,
      createdTime: formatTimestamp(k.createdAt),
      deactivatedTime: k.deactivatedAt === null ? null : formatTimestamp(k.deactivatedAt),
    })),
  }));
  app.post(`${P}/devkeys`, async (request) => {
    const input = validateFields(NewDevKey, jsonObjectBody(request));
    const { id, key } = resultValue(await createDevKey(deps, input));
    // The one time this key is ever shown.
    return { id, name: input.name, key, active: true, mfaBypass: input.mfaBypass ?? false };
  });
  app.post<{ Params: Params }>(`${P}/devkeys/:id/deactivate`, async (request) => {
    // By id only: a key itself never travels in a URL.
    if (!isId("devKey", request.params.id)) {
      throw new ApiError({ key: "NOT_FOUND", params: { paramName0: request.params.id.slice(0, 20) } });
    }
    return { active: false, ...resultValue(await deactivateDevKey(deps, request.params.id)) };
  });
}
