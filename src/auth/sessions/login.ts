import { ERROR_CODES, type ErrorItem, type ErrorKey } from "../../errors.ts";
import { canonicalEmail } from "../accounts/emails.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { hashSecret, isId } from "../crypto/ids.ts";
import { consoleLogin } from "./console-login.ts";
import { clearLoginFailures, failedLogin, isLoginLocked, recordLoginFailure } from "./lockout.ts";
import { checkRememberMe } from "./remember-me.ts";
import { createSession } from "./sessions.ts";
import { isSyncTokenName, syncTokenLogin } from "./sync-token-login.ts";

/** A well-formed user id that no user has: what an unknown username's memberships are read for. */
const NO_USER_ID = "00601000000000000000";

export interface LoginInput {
  username: string;
  /** The password; absent when `consoleApiToken` signs in instead (exactly one of the two). */
  password?: string;
  /** A Console API token of BILL's Accountant Console (console-login.ts). */
  consoleApiToken?: string;
  organizationId: string;
  devKey: string;
  rememberMeId?: string;
  device?: string;
  ip?: string;
  /** The login came through BILL's v2 API (`/api/v2/Login.json`): the audit says so. */
  via?: "v2";
}

/** What the edge gives the login. */
export interface LoginOptions {
  /**
   * Step 5: spends the devKey's budgets and takes the in-flight slot for (devKey, organization).
   * Passed in by the edge because a slot lives exactly as long as the HTTP request.
   */
  spendBudgets?: (scope: { devKeyId: string; organizationId: string }) => Promise<Result<void>>;
}

export interface LoginOutput {
  sessionId: string;
  organizationId: string;
  userId: string;
  trusted: boolean;
  /** The developer key's public reference, for the server's own bookkeeping. */
  devKeyId: string;
}

/** The audit's reason of a login: `v2` when it came through v2, `remembered-device` when trusted. */
function reasonOf(via: LoginInput["via"], trusted: boolean): { reason?: string } {
  const reasons = [...(via ? [via] : []), ...(trusted ? ["remembered-device"] : [])];
  return reasons.length > 0 ? { reason: reasons.join(" ") } : {};
}

/**
 * `POST /v3/login` (and v2's `Login.json`) after the request is well formed: spec section 3.3, steps 3 to 10,
 * in that order; the first failure wins.
 */
export async function login(
  deps: AuthDeps,
  input: LoginInput,
  options: LoginOptions = {},
): Promise<Result<LoginOutput>> {
  const { stores } = deps;
  const username = canonicalEmail(input.username);
  // Once the user is known the audit names them by id; before, by the digest of what was
  // typed, never the text (a password typed into the username field would land in the log).
  let who = failedLogin(username);
  const auditFailure = (key: ErrorKey) =>
    deps.audit({
      event: "login.failure",
      code: ERROR_CODES[key].code,
      ...who,
      organizationId: input.organizationId,
      ip: input.ip,
      ...(input.via ? { reason: input.via } : {}),
      ...(input.consoleApiToken !== undefined ? { mode: "console" as const } : {}),
    });
  const denied = (key: ErrorKey, params?: Record<string, string>): Result<LoginOutput> => {
    const result = fail<LoginOutput>(key, params);
    auditFailure(key);
    return result;
  };

  // 3. The developer key.
  const devKey = await stores.devKeys.findByKeyHash(hashSecret(input.devKey));
  if (!devKey) return denied("DEVKEY_INVALID");
  if (!devKey.active) return denied("DEVKEY_INACTIVE");

  // 4. The organization.
  const organization = isId("organization", input.organizationId)
    ? await stores.organizations.findById(input.organizationId)
    : undefined;
  if (!organization) return denied("INVALID_ORGANIZATION_ID");
  if (organization.locked) return denied("ORGANIZATION_LOCKED");

  // 5. Budgets: hourly requests and logins of the devKey, then a slot in flight for the
  // organization the login targets.
  const budget = await options.spendBudgets?.({ devKeyId: devKey.id, organizationId: organization.id });
  if (budget && !budget.ok) {
    auditFailure((budget.errors[0] as ErrorItem).key);
    return budget;
  }

  // 6. Lockout, by username and by client IP. A sync token's name is unique only within its
  // organization: its failures count under (organization, name), so that one tenant's wrong
  // logins never lock out, nor a success clear, another tenant's token of the same name.
  const syncToken = input.consoleApiToken === undefined && isSyncTokenName(username);
  const lockName = syncToken ? `sync-token:${organization.id}:${input.username.trim()}` : username;
  if (await isLoginLocked(deps, lockName, input.ip)) return denied("LOGIN_LOCKED");

  // 7 and 8 with a Console API token instead of the password.
  if (input.consoleApiToken !== undefined) {
    const { consoleApiToken, ip } = input;
    return consoleLogin(deps, {
      username,
      consoleApiToken,
      organization,
      devKeyId: devKey.id,
      ...(ip !== undefined ? { ip } : {}),
      denied: (key, failed, params) => {
        who = failed;
        auditFailure(key);
        return fail(key, params);
      },
    });
  }

  // 7'. A sync token's name and value instead of a user's (sync-token-login.ts).
  if (syncToken) {
    const wrong = async () => {
      const result = denied("INVALID_CREDENTIALS");
      await recordLoginFailure(deps, lockName, input.ip, who);
      return result as Result<never>;
    };
    const step = {
      devKeyId: devKey.id,
      organizationId: organization.id,
      username: lockName,
      via: input.via,
      ip: input.ip,
    };
    // The console branch above took every body without a password.
    return syncTokenLogin(deps, { ...input, password: input.password ?? "" }, { ...step, wrong });
  }

  // 7. The password. An unknown user, or one without a password, is verified against a
  // dummy hash so that every "no" here costs exactly one verification, and the memberships
  // of no one are read so that both do the same store work (spec 3.3: not told apart by time).
  const user = await stores.users.findByEmail(username);
  const memberships = await stores.memberships.listForUser(user?.id ?? NO_USER_ID);
  const passwordHash = user?.passwordHash ?? (await deps.dummyHash());
  const passwordOk = await deps.hasher.verify(passwordHash, input.password ?? "");
  if (user) who = failedLogin(username, user.id);
  if (!user?.passwordHash || !passwordOk || memberships.length === 0) {
    const result = denied("INVALID_CREDENTIALS");
    await recordLoginFailure(deps, username, input.ip, who);
    return result;
  }

  // 8. Membership of this organization: active, not archived, and accepted by the person
  // (a pending membership waits for its invitation to be accepted, spec 5.1).
  const membership = memberships.find((m) => m.organizationId === organization.id);
  if (!membership || membership.archived || membership.pending) {
    return denied("NO_ACTIVE_USER", {
      paramName0: input.username,
      paramName1: input.organizationId,
    });
  }

  // 9. A remembered device (one step shared with partner login-as-user).
  const remembered = await checkRememberMe(deps, { ...input, userId: user.id });
  if (!remembered.ok) return denied("REMEMBER_ME_INVALID");
  const { trusted } = remembered.value;

  // 10. A new session, every time.
  await clearLoginFailures(deps, username);
  const { sessionId, ref } = await createSession(deps, {
    userId: user.id,
    organizationId: organization.id,
    devKeyId: devKey.id,
    trusted,
  });
  deps.audit({
    event: "login.success",
    mode: "password",
    username,
    userId: user.id,
    organizationId: organization.id,
    devKeyId: devKey.id,
    sessionRef: ref,
    ip: input.ip,
    ...reasonOf(input.via, trusted),
  });
  return ok({ sessionId, organizationId: organization.id, userId: user.id, trusted, devKeyId: devKey.id });
}
