/**
 * What the operator tools show, built once: the operator API answers with these objects and
 * the CLI prints them with `--json` (its tables are drawn from them too), so the two agree
 * field for field (cli/parity.test.ts). Times are BILL timestamps; nothing here is a secret
 * except in the answers of a create, the one time a key or password is shown.
 */
import type { Static, TSchema } from "typebox";
import { canonicalEmail } from "../auth/accounts/emails.ts";
import type { CreatedPartner } from "../auth/accounts/partners.ts";
import { type AuthDeps, fail, ok, type Result } from "../auth/context.ts";
import { sessionDeadline } from "../auth/sessions/expiry.ts";
import { formatTimestamp } from "../clock.ts";
import type { DevKey } from "../stores/types/devkeys.ts";
import type { Member } from "../stores/types/memberships.ts";
import type { OutboxFilter, OutboxMessage } from "../stores/types/operator.ts";
import type { Organization, RoleType } from "../stores/types/organizations.ts";
import type { SessionFilter } from "../stores/types/sessions.ts";
import type { SyncToken } from "../stores/types/sync-tokens.ts";
import { type BudgetReport, readLimits } from "./limits-report.ts";
import type * as Schema from "./schemas.ts";

type View<S extends TSchema> = Static<S>;

export const organizationView = (o: Organization): View<typeof Schema.OperatorOrganization> => ({
  id: o.id,
  name: o.name,
  locked: o.locked,
  mfaRequired: o.mfaRequired,
  createdTime: formatTimestamp(o.createdAt),
  updatedTime: formatTimestamp(o.updatedAt),
});

export const listOrganizations = async (deps: AuthDeps) =>
  (await deps.stores.organizations.list()).map(organizationView);

export const organizationLockView = (
  id: string,
  locked: boolean,
  result: { sessionsEnded: number },
): View<typeof Schema.OperatorOrganizationLock> => ({ id, locked, sessionsEnded: result.sessionsEnded });

/**
 * A user as the organization sees them: its view of the name (as BILL's GET /v3/users), the
 * role, and `createdTime` when they joined it (the CLI's JOINED).
 */
export const userOfOrganizationView = (m: Member): View<typeof Schema.OperatorUser> => ({
  id: m.userId,
  email: m.email,
  firstName: m.firstName,
  lastName: m.lastName,
  role: m.roleType,
  archived: m.archived,
  pending: m.pending,
  hasPassword: m.hasPassword,
  createdTime: formatTimestamp(m.createdAt),
});

/** Every user of an organization, in one store read; NOT_FOUND for an unknown organization. */
export async function listUsersOfOrganization(
  deps: AuthDeps,
  organizationId: string,
): Promise<Result<View<typeof Schema.OperatorUser>[]>> {
  if (!(await deps.stores.organizations.findById(organizationId))) {
    return fail("NOT_FOUND", { paramName0: organizationId });
  }
  return ok((await deps.stores.memberships.listAllMembers(organizationId)).map(userOfOrganizationView));
}

export const createdUserView = (
  input: { organizationId: string; email: string; role?: RoleType },
  result: { userId: string; created: boolean },
): View<typeof Schema.OperatorCreatedUser> => ({
  id: result.userId,
  email: canonicalEmail(input.email),
  organizationId: input.organizationId,
  role: input.role ?? "ADMINISTRATOR",
  created: result.created,
});

export const membershipChangeView = (
  input: { userId: string; organizationId: string; archived: boolean },
  result: { sessionsEnded: number },
): View<typeof Schema.OperatorMembershipChange> => ({
  userId: input.userId,
  organizationId: input.organizationId,
  archived: input.archived,
  sessionsEnded: result.sessionsEnded,
});

export const passwordSetView = (userId: string): View<typeof Schema.OperatorPasswordSet> => ({
  userId,
  passwordSet: true,
});

/** A forced change (`{ userId, email }`), or a confirmation asked of the new address. */
export const emailChangeView = (
  result: { userId: string; email: string } | { userId: string; requested: boolean },
): View<typeof Schema.OperatorEmailChange> =>
  "email" in result
    ? { ...result, changed: true }
    : { userId: result.userId, changed: false, confirmationSent: result.requested };

export const devKeyView = (k: DevKey): View<typeof Schema.OperatorDevKey> => ({
  id: k.id,
  name: k.name,
  active: k.active,
  mfaBypass: k.mfaBypass,
  createdTime: formatTimestamp(k.createdAt),
  deactivatedTime: k.deactivatedAt === null ? null : formatTimestamp(k.deactivatedAt),
});

export const listDevKeys = async (deps: AuthDeps) => (await deps.stores.devKeys.list()).map(devKeyView);

/** The one time a developer key is shown; the name as stored (trimmed). */
export const createdDevKeyView = (
  input: { name: string; mfaBypass?: boolean },
  result: { id: string; key: string },
): View<typeof Schema.OperatorCreatedDevKey> => ({
  id: result.id,
  name: input.name.trim(),
  key: result.key,
  active: true,
  mfaBypass: input.mfaBypass ?? false,
});

export const deactivatedDevKeyView = (result: {
  id: string;
  sessionsEnded: number;
}): View<typeof Schema.OperatorDeactivatedDevKey> => ({
  active: false,
  id: result.id,
  sessionsEnded: result.sessionsEnded,
});

export const syncTokenView = (token: SyncToken): View<typeof Schema.OperatorSyncToken> => ({
  id: token.id,
  organizationId: token.organizationId,
  userId: token.userId,
  name: token.name,
  createdTime: formatTimestamp(token.createdAt),
  revoked: token.revokedAt !== null,
  revokedTime: token.revokedAt === null ? null : formatTimestamp(token.revokedAt),
});

/** Every sync token, or one organization's, oldest first; never a value. */
export const listSyncTokensView = async (deps: AuthDeps, filter: { organizationId?: string }) =>
  (await deps.stores.syncTokens.list(filter)).map(syncTokenView);

/** The one time a sync token's value is shown. */
export const createdSyncTokenView = (result: {
  token: SyncToken;
  value: string;
}): View<typeof Schema.OperatorCreatedSyncToken> => ({ ...syncTokenView(result.token), token: result.value });

export const revokedSyncTokenView = (result: {
  token: SyncToken;
  sessionsEnded: number;
}): View<typeof Schema.OperatorRevokedSyncToken> => ({
  id: result.token.id,
  revoked: true,
  sessionsEnded: result.sessionsEnded,
});

/** Sessions by their public reference (never a session id), with their idle deadline now. */
export async function listSessions(
  deps: AuthDeps,
  filter: SessionFilter,
): Promise<View<typeof Schema.OperatorSession>[]> {
  const sessions = await deps.stores.sessions.list(filter);
  const now = deps.clock.now();
  return sessions.map((s) => {
    const deadline = sessionDeadline(s, deps.config);
    return {
      ref: s.id,
      organizationId: s.organizationId,
      userId: s.userId,
      userEmail: s.userEmail,
      devKeyId: s.devKeyId,
      devKeyName: s.devKeyName,
      trusted: s.trusted,
      mode: s.mode,
      credentialId: s.credentialId,
      createdTime: formatTimestamp(s.createdAt),
      lastActiveTime: formatTimestamp(s.lastActiveAt),
      idleDeadline: formatTimestamp(deadline),
      expired: now >= deadline,
    };
  });
}

export const sessionRevokedView = (ref: string): View<typeof Schema.OperatorSessionRevoked> => ({
  ref,
  revoked: true,
});

/** Partners with their devKey id and the usernames of their users; never a key. */
export async function listPartners(deps: AuthDeps): Promise<View<typeof Schema.OperatorPartner>[]> {
  return Promise.all(
    (await deps.stores.partners.list()).map(async (partner) => ({
      id: partner.id,
      name: partner.name,
      devKeyId: partner.devKeyId,
      usernames: (await deps.stores.partners.listUsers(partner.id)).map((user) => user.username),
      createdTime: formatTimestamp(partner.createdAt),
    })),
  );
}

/** The one time a partner's appKey, devKey and first user's password are shown. */
export const createdPartnerView = (created: CreatedPartner): View<typeof Schema.OperatorCreatedPartner> => ({
  id: created.partner.id,
  name: created.partner.name,
  appKey: created.appKey,
  devKey: created.devKey,
  devKeyId: created.partner.devKeyId,
  userId: created.user.id,
  username: created.user.username,
  password: created.password,
});

const budgetView = (budget: BudgetReport | undefined): View<typeof Schema.OperatorBudget> | null =>
  budget
    ? {
        limit: budget.limit,
        used: budget.used,
        remaining: budget.remaining,
        resetTime: formatTimestamp(budget.resetAt),
      }
    : null;

/** A developer key's hourly budgets and requests in flight; a limit switched off is null. */
export async function limitsView(
  deps: AuthDeps,
  devKey: DevKey,
): Promise<View<typeof Schema.OperatorLimits>> {
  const report = await readLimits(deps, devKey.id);
  return {
    devKeyId: devKey.id,
    devKeyName: devKey.name,
    hourlyRequests: budgetView(report.hourlyRequests),
    hourlyLogins: budgetView(report.hourlyLogins),
    inFlight: report.inFlight ?? null,
  };
}

export const outboxMessageView = (m: OutboxMessage): View<typeof Schema.OperatorOutboxMessage> => ({
  id: m.id,
  channel: m.channel,
  recipient: m.recipient,
  purpose: m.purpose,
  text: m.text,
  userId: m.userId,
  organizationId: m.organizationId,
  createdTime: formatTimestamp(m.createdAt),
});

/** Messages of the outbox, newest first. */
export const listOutbox = async (deps: AuthDeps, filter: OutboxFilter) =>
  (await deps.stores.outbox.list(filter)).map(outboxMessageView);
