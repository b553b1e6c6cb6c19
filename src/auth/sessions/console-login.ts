/**
 * A login with a Console API token in place of the password (docs/bill-sign-in-modes.md
 * section 5): BILL's Accountant Console users sign in to a client organization with
 * `{username, consoleApiToken, organizationId, devKey}`. It is step 7 and 8 of `login()` for
 * this mode; steps 3 to 6 (devKey, organization, budgets, lockout) are the password login's.
 */
import type { ErrorKey } from "../../errors.ts";
import type { Organization } from "../../stores/types/organizations.ts";
import type { User } from "../../stores/types/users.ts";
import { type AuthDeps, ok, type Result } from "../context.ts";
import { hashSecret } from "../crypto/ids.ts";
import { clearLoginFailures, type FailedLogin, failedLogin, recordLoginFailure } from "./lockout.ts";
import { createSession } from "./sessions.ts";

export interface ConsoleLoginStep {
  username: string;
  consoleApiToken: string;
  organization: Organization;
  devKeyId: string;
  ip?: string;
  /** Refuses the login, auditing it as `who`. */
  denied: (key: ErrorKey, who: FailedLogin, params?: Record<string, string>) => Result<never>;
}

export interface ConsoleLoginOutput {
  sessionId: string;
  organizationId: string;
  userId: string;
  trusted: boolean;
  devKeyId: string;
}

/** The token that signs this user in to this organization, or undefined when it does not. */
async function grantingToken(
  deps: AuthDeps,
  user: User | undefined,
  tokenHash: string,
  organizationId: string,
): Promise<{ consoleTokenId: string } | undefined> {
  const token = await deps.stores.consoles.findTokenByHash(tokenHash);
  if (!user || !token || token.revokedAt !== null || token.userId !== user.id) return undefined;
  // Only a console membership opens an organization: the token's console serves it and the
  // user still belongs to that console. Another console of the same user does not count.
  if (!(await deps.stores.consoles.reaches(token.consoleId, user.id, organizationId))) return undefined;
  return { consoleTokenId: token.id };
}

/** Steps 7 and 8 of a console login, then the session (mode `console`, 35-minute idle rule). */
export async function consoleLogin(
  deps: AuthDeps,
  step: ConsoleLoginStep,
): Promise<Result<ConsoleLoginOutput>> {
  const { stores } = deps;
  const { username, organization } = step;
  // 7. The token. Every "no" is the wrong password's BDC_1101 and counts toward the lockout:
  // an unknown or revoked token, another user's, one whose console does not serve the
  // organization or no longer has the user.
  const user = await stores.users.findByEmail(username);
  const found = await grantingToken(deps, user, hashSecret(step.consoleApiToken), organization.id);
  const who = failedLogin(username, user?.id);
  if (!user || !found) {
    const result = step.denied("INVALID_CREDENTIALS", who);
    await recordLoginFailure(deps, username, step.ip, who);
    return result;
  }

  // 8. The user's membership of the organization gives the role (ours): archived or pending,
  // as for a password.
  const membership = await stores.memberships.find(user.id, organization.id);
  if (!membership || membership.archived || membership.pending) {
    return step.denied("NO_ACTIVE_USER", who, { paramName0: username, paramName1: organization.id });
  }

  // 10. A new session. No rememberMeId for a token (ours): never trusted.
  await clearLoginFailures(deps, username);
  const { sessionId, ref } = await createSession(deps, {
    userId: user.id,
    organizationId: organization.id,
    devKeyId: step.devKeyId,
    trusted: false,
    mode: "console",
    credentialId: found.consoleTokenId,
  });
  // A revocation (or an unlink, a user removed) racing this login: checked again now that the
  // session exists, so that either this check sees it or the revocation's pass after its
  // commit finds the session (src/auth/accounts/consoles.ts). Never a session outliving it.
  if (!(await grantingToken(deps, user, hashSecret(step.consoleApiToken), organization.id))) {
    await stores.sessions.deleteById(ref);
    const result = step.denied("INVALID_CREDENTIALS", who);
    await recordLoginFailure(deps, username, step.ip, who);
    return result;
  }
  deps.audit({
    event: "login.success",
    username,
    userId: user.id,
    organizationId: organization.id,
    devKeyId: step.devKeyId,
    sessionRef: ref,
    ip: step.ip,
    mode: "console",
  });
  return ok({
    sessionId,
    organizationId: organization.id,
    userId: user.id,
    trusted: false,
    devKeyId: step.devKeyId,
  });
}
