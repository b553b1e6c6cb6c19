/**
 * BILL's Accountant Console, as the operator manages it (docs/bill-sign-in-modes.md section 5):
 * consoles, the client organizations each serves, its users and their Console API tokens.
 */
import type {
  Console,
  ConsoleMember,
  ConsoleOrganization,
  ConsoleToken,
} from "../../stores/types/consoles.ts";
import type { Stores } from "../../stores/types/index.ts";
import { retryOnUniqueViolation } from "../../stores/unique-violation.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { hashSecret, isId, newId, newSecret } from "../crypto/ids.ts";
import { parseEmail } from "./emails.ts";

const notFound = <T>(id: string): Result<T> => fail("NOT_FOUND", { paramName0: id.slice(0, 20) });

/** A name as the operator gives it: trimmed, 1–100 characters. */
function nameOf(raw: string, field: string): Result<string> {
  const name = raw.trim();
  if (name.length === 0 || name.length > 100) return fail("INVALID_VALUE", { paramName0: field });
  return ok(name);
}

async function findConsole(deps: AuthDeps, consoleId: string): Promise<Console | undefined> {
  return isId("console", consoleId) ? deps.stores.consoles.findById(consoleId) : undefined;
}

export async function createConsole(deps: AuthDeps, input: { name: string }): Promise<Result<Console>> {
  const name = nameOf(input.name, "name");
  if (!name.ok) return name;
  const console = { id: newId("console"), name: name.value, createdAt: deps.clock.now() };
  await deps.stores.consoles.create(console);
  return ok(console);
}

export interface ConsoleDetails extends Console {
  organizations: ConsoleOrganization[];
  users: ConsoleMember[];
}

export async function getConsole(deps: AuthDeps, consoleId: string): Promise<Result<ConsoleDetails>> {
  const console = await findConsole(deps, consoleId);
  if (!console) return notFound(consoleId);
  const [organizations, users] = await Promise.all([
    deps.stores.consoles.listOrganizations(console.id),
    deps.stores.consoles.listMembers(console.id),
  ]);
  return ok({ ...console, organizations, users });
}

export const listConsoles = (deps: AuthDeps) => deps.stores.consoles.list();

/**
 * (ours) A console user acts in a client organization with the role of their membership
 * there; one who has none gets one as ADMINISTRATOR (BILL: the first user of a company added to
 * a console is its Administrator). Its names are the person's own.
 */
async function ensureMembership(stores: Stores, userId: string, organizationId: string, now: number) {
  if (await stores.memberships.find(userId, organizationId)) return false;
  const [user, role] = await Promise.all([
    stores.users.findById(userId),
    stores.roles.findByType(organizationId, "ADMINISTRATOR"),
  ]);
  if (!user || !role) return false;
  await stores.memberships.create({
    userId,
    organizationId,
    roleId: role.id,
    archived: false,
    pending: false,
    firstName: user.firstName,
    lastName: user.lastName,
    username: null,
    externalReferenceId: null,
    createdAt: now,
    updatedAt: now,
  });
  return true;
}

/** Ends the console sessions that `tokens` made, in one organization or everywhere. */
async function endSessions(stores: Stores, tokenIds: readonly string[], organizationId?: string) {
  let ended = 0;
  for (const credentialId of tokenIds) {
    ended += await stores.sessions.deleteWhere({
      credentialId,
      ...(organizationId !== undefined ? { organizationId } : {}),
    });
  }
  return ended;
}

/**
 * After the commit, the sessions are ended once more: a login that passed its check before the
 * change and inserted its session after the delete inside the transaction checks its token
 * again after inserting (console-login.ts); whichever it saw, one of the two ends that session.
 */
async function endSessionsAfterCommit<T extends { sessionsEnded: number }>(
  deps: AuthDeps,
  result: Result<T>,
  tokenIds: readonly string[],
  organizationId?: string,
): Promise<Result<T>> {
  if (result.ok) result.value.sessionsEnded += await endSessions(deps.stores, tokenIds, organizationId);
  return result;
}

/** The console serves the organization from now on; its users become members of it. */
export async function addConsoleOrganization(
  deps: AuthDeps,
  consoleId: string,
  organizationId: string,
): Promise<Result<{ consoleId: string; organizationId: string; membershipsAdded: number }>> {
  const console = await findConsole(deps, consoleId);
  if (!console) return notFound(consoleId);
  const organization = isId("organization", organizationId)
    ? await deps.stores.organizations.findById(organizationId)
    : undefined;
  if (!organization) return notFound(organizationId);
  return deps.stores.transaction(async (stores) => {
    const now = deps.clock.now();
    const linked = await stores.consoles.addOrganization({ consoleId, organizationId, createdAt: now });
    if (!linked) return fail("ALREADY_EXISTS", { paramName0: organizationId });
    let membershipsAdded = 0;
    for (const member of await stores.consoles.listMembers(consoleId)) {
      if (await ensureMembership(stores, member.userId, organizationId, now)) membershipsAdded += 1;
    }
    return ok({ consoleId, organizationId, membershipsAdded });
  });
}

interface ConsoleOrganizationRemoved {
  consoleId: string;
  organizationId: string;
  sessionsEnded: number;
}

/** The console no longer serves the organization: its tokens' sessions there end at once. */
export async function removeConsoleOrganization(
  deps: AuthDeps,
  consoleId: string,
  organizationId: string,
): Promise<Result<ConsoleOrganizationRemoved>> {
  const console = await findConsole(deps, consoleId);
  if (!console) return notFound(consoleId);
  let tokens: string[] = [];
  const result = await deps.stores.transaction(
    async (stores): Promise<Result<ConsoleOrganizationRemoved>> => {
      if (!(await stores.consoles.removeOrganization(consoleId, organizationId)))
        return notFound(organizationId);
      tokens = (await stores.consoles.listTokens(consoleId)).map((token) => token.id);
      return ok({
        consoleId,
        organizationId,
        sessionsEnded: await endSessions(stores, tokens, organizationId),
      });
    },
  );
  return endSessionsAfterCommit(deps, result, tokens, organizationId);
}

export interface NewConsoleUser {
  email: string;
  firstName?: string;
  lastName?: string;
}

/**
 * A user joins the console: an identity is made for a new email (without a password, ours: a
 * console user signs in with tokens), and the user becomes a member of every organization
 * the console serves.
 */
export async function addConsoleUser(
  deps: AuthDeps,
  consoleId: string,
  input: NewConsoleUser,
): Promise<Result<{ consoleId: string; userId: string; email: string; created: boolean }>> {
  const console = await findConsole(deps, consoleId);
  if (!console) return notFound(consoleId);
  const email = parseEmail(input.email);
  if (email === undefined) return fail("INVALID_VALUE", { paramName0: "email" });
  return retryOnUniqueViolation(() =>
    deps.stores.transaction(async (stores) => {
      const now = deps.clock.now();
      const existing = await stores.users.findByEmail(email);
      const userId = existing?.id ?? newId("user");
      if (!existing) {
        await stores.users.create({
          id: userId,
          email,
          passwordHash: null,
          firstName: input.firstName ?? "",
          lastName: input.lastName ?? "",
          createdAt: now,
          updatedAt: now,
        });
      }
      if (!(await stores.consoles.addMember({ consoleId, userId, createdAt: now }))) {
        return fail("ALREADY_EXISTS", { paramName0: email });
      }
      for (const link of await stores.consoles.listOrganizations(consoleId)) {
        await ensureMembership(stores, userId, link.organizationId, now);
      }
      return ok({ consoleId, userId, email, created: !existing });
    }),
  );
}

interface ConsoleUserRemoved {
  consoleId: string;
  userId: string;
  tokensRevoked: number;
  sessionsEnded: number;
}

/** The user leaves the console: their tokens of it are revoked and their sessions end. */
export async function removeConsoleUser(
  deps: AuthDeps,
  consoleId: string,
  userId: string,
): Promise<Result<ConsoleUserRemoved>> {
  const console = await findConsole(deps, consoleId);
  if (!console) return notFound(consoleId);
  let revoked: string[] = [];
  const result = await deps.stores.transaction(async (stores): Promise<Result<ConsoleUserRemoved>> => {
    if (!(await stores.consoles.removeMember(consoleId, userId))) return notFound(userId);
    const now = deps.clock.now();
    revoked = [...(await stores.consoles.revokeTokensOf(consoleId, userId, now))];
    // Tokens revoked earlier ended their sessions then; these are the live ones.
    return ok({
      consoleId,
      userId,
      tokensRevoked: revoked.length,
      sessionsEnded: await endSessions(stores, revoked),
    });
  });
  return endSessionsAfterCommit(deps, result, revoked);
}

/** A token as the operator sees it: never its value, nor its hash. */
export type ConsoleTokenView = Omit<ConsoleToken, "tokenHash">;

const tokenView = ({ tokenHash: _hash, ...token }: ConsoleToken): ConsoleTokenView => token;

/** A new Console API token for a user of the console; the value is returned this once. */
export async function createConsoleToken(
  deps: AuthDeps,
  consoleId: string,
  input: { userId: string; name?: string; token?: string },
): Promise<Result<ConsoleTokenView & { token: string }>> {
  const console = await findConsole(deps, consoleId);
  if (!console) return notFound(consoleId);
  const members = await deps.stores.consoles.listMembers(consoleId);
  if (!members.some((member) => member.userId === input.userId)) return notFound(input.userId);
  const name = nameOf(input.name ?? "Console API token", "name");
  if (!name.ok) return name;
  // A literal value is for stable fixtures (seed files), as a devKey's `key`.
  if (input.token !== undefined && !/^[\x21-\x7e]{16,128}$/.test(input.token)) {
    return fail("INVALID_VALUE", { paramName0: "token" });
  }
  const token = input.token ?? newSecret();
  if (await deps.stores.consoles.findTokenByHash(hashSecret(token))) {
    return fail("ALREADY_EXISTS", { paramName0: "token" });
  }
  const record: ConsoleToken = {
    id: newId("consoleToken"),
    consoleId,
    userId: input.userId,
    name: name.value,
    tokenHash: hashSecret(token),
    createdAt: deps.clock.now(),
    revokedAt: null,
  };
  await deps.stores.consoles.createToken(record);
  return ok({ ...tokenView(record), token });
}

export async function listConsoleTokens(
  deps: AuthDeps,
  consoleId: string,
): Promise<Result<ConsoleTokenView[]>> {
  const console = await findConsole(deps, consoleId);
  if (!console) return notFound(consoleId);
  return ok((await deps.stores.consoles.listTokens(consoleId)).map(tokenView));
}

/** Revokes a token of the console: it signs in no more, and every session it made ends. */
export async function revokeConsoleToken(
  deps: AuthDeps,
  consoleId: string,
  tokenId: string,
): Promise<Result<{ id: string; revoked: boolean; sessionsEnded: number }>> {
  const token = isId("consoleToken", tokenId) ? await deps.stores.consoles.findTokenById(tokenId) : undefined;
  // Another console's token is not found here: one console never reaches into another.
  if (!token || token.consoleId !== consoleId) return notFound(tokenId);
  const result = await deps.stores.transaction(async (stores) => {
    const revoked = await stores.consoles.revokeToken(token.id, deps.clock.now());
    return ok({ id: token.id, revoked, sessionsEnded: await endSessions(stores, [token.id]) });
  });
  return endSessionsAfterCommit(deps, result, [token.id]);
}
