/**
 * `/v3/users` (spec section 5) and `/v3/partner/users` (spec section 8): one set of handlers,
 * two ways to say who acts (scopes.ts) and two body shapes.
 */

import type { FastifyRequest } from "fastify";
import { canonicalEmail } from "../auth/accounts/emails.ts";
import {
  createMember,
  getMember,
  listMembers,
  type MemberUpdate,
  type NewMember,
  reinviteMember,
  setMemberArchived,
  updateMember,
} from "../auth/accounts/members.ts";
import type { AuthDeps, Result } from "../auth/context.ts";
import { idempotentCreate } from "../http/idempotent.ts";
import { type ListSpec, listAnswer, readListQuery } from "../http/list-query.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import {
  CreateUserBody,
  ListOf,
  PartnerCreateUserBody,
  PartnerUpdateUserBody,
  UpdateUserBody,
  UserSchema,
} from "../http/schemas/provisioning.ts";
import { userObject } from "../http/schemas/wire-objects.ts";
import { organizationScope, partnerScope, type ScopeResolver } from "../http/scopes.ts";
import type { App } from "../http/types.ts";
import { validateFields } from "../http/validate.ts";
import { pageList } from "../resources/list.ts";
import type { Member } from "../stores/types/memberships.ts";
import { ROLE_TYPES } from "../stores/types/organizations.ts";

const RANGES = ["gt", "gte", "lt", "lte"] as const;

/**
 * What `filters` and `sort` take on the users lists (docs/bill-v3-resources.md 5; ours: BILL
 * lists no users fields). Archived users are listed too, marked `archived: true`; a users
 * sync filters `archived:eq:false`.
 */
export const USERS_LIST: ListSpec = {
  name: "users",
  fields: {
    id: "string",
    archived: "boolean",
    email: "string",
    firstName: "string",
    lastName: "string",
    "role.id": "string",
    "role.type": "string",
    createdTime: "datetime",
    updatedTime: "datetime",
  },
  filters: {
    id: { ops: ["eq", "ne", "in"] },
    archived: { ops: ["eq", "ne"] },
    email: { ops: ["eq", "sw"] },
    firstName: { ops: ["eq", "sw"] },
    lastName: { ops: ["eq", "sw"] },
    "role.id": { ops: ["eq", "in"] },
    "role.type": { ops: ["eq", "ne", "in", "nin"], values: ROLE_TYPES },
    createdTime: { ops: RANGES },
    updatedTime: { ops: RANGES },
  },
  sorts: ["archived", "email", "firstName", "lastName", "createdTime", "updatedTime"],
  defaultSort: [{ field: "createdTime", desc: false }],
};

const userIdOf = (request: FastifyRequest) => (request.params as { userId: string }).userId;

const userOrThrow = (result: Result<Member>) => userObject(resultValue(result));

function registerUsers(
  app: App,
  deps: AuthDeps,
  base: string,
  scopes: ScopeResolver,
  bodies: {
    create: (body: Record<string, unknown>) => NewMember;
    update: (body: Record<string, unknown>) => MemberUpdate;
  },
): void {
  const route = `POST ${base.replace("/connect", "")}`;
  const config = { auth: scopes.auth };
  const one = { schema: { response: { 200: UserSchema, "4xx": ErrorResponse } }, config };
  const list = { schema: { response: { 200: ListOf(UserSchema), "4xx": ErrorResponse } }, config };
  const resolve = (request: FastifyRequest, access: "read" | "write") => scopes.resolve(request, access);

  app.get(base, list, async (request) => {
    const { scope } = await resolve(request, "read");
    const { list: name, query } = readListQuery(request, USERS_LIST);
    const users = (await listMembers(deps, scope.organizationId)).map(userObject);
    return listAnswer(name, pageList(users, query, USERS_LIST));
  });

  app.post(base, one, async (request, reply) => {
    const { scope, caller, context } = await resolve(request, "write");
    const body = jsonObjectBody(request);
    return idempotentCreate(deps, request, reply, { caller, route, context, body }, async () => {
      return userOrThrow(await createMember(deps, scope, bodies.create(body)));
    });
  });

  app.get(`${base}/:userId`, one, async (request) => {
    const { scope } = await resolve(request, "read");
    return userOrThrow(await getMember(deps, scope.organizationId, userIdOf(request)));
  });

  app.patch(`${base}/:userId`, one, async (request) => {
    const { scope } = await resolve(request, "write");
    const body = jsonObjectBody(request);
    const update = bodies.update(body);
    // An empty lastName is a value here (it may be cleared), not a missing field.
    if (body.lastName === "") update.lastName = "";
    return userOrThrow(await updateMember(deps, scope, userIdOf(request), update));
  });

  // (ours) A new invitation for a member who has not accepted yet.
  app.post(`${base}/:userId/invite`, one, async (request) => {
    const { scope } = await resolve(request, "write");
    return userOrThrow(await reinviteMember(deps, scope, userIdOf(request)));
  });

  for (const [action, archived] of [
    ["archive", true],
    ["restore", false],
  ] as const) {
    app.post(`${base}/:userId/${action}`, one, async (request) => {
      const { scope } = await resolve(request, "write");
      return userOrThrow(await setMemberArchived(deps, scope, userIdOf(request), archived));
    });
  }
}

// Emails are checked in their canonical form: a full-width look-alike is the same address.
const rules = { canonical: { email: canonicalEmail } };

export function registerUserRoutes(app: App, deps: AuthDeps): void {
  registerUsers(app, deps, "/connect/v3/users", organizationScope(deps), {
    create: (body) => validateFields(CreateUserBody, body, rules),
    update: (body) => validateFields(UpdateUserBody, body, rules),
  });
  registerUsers(app, deps, "/connect/v3/partner/users", partnerScope(deps), {
    create: (body) => validateFields(PartnerCreateUserBody, body, rules),
    update: (body) => validateFields(PartnerUpdateUserBody, body, rules),
  });
}
