/**
 * What a person presents, besides a token from their mailbox, to act on an identity that
 * already has a password (spec 5.1): joining another organization, confirming a new email.
 * The token shows they read the address; the password shows the identity is theirs. It is
 * checked as a login checks it: the username's lockout applies, and a wrong one counts.
 */
import type { User } from "../../stores/types/users.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { isLoginLocked, recordLoginFailure } from "../sessions/lockout.ts";
import { checkNewPassword } from "./password-policy.ts";

/** Ok when `password` is the identity's; 401 BDC_1110 while its login is locked, BDC_1101 when wrong. */
export async function proveOwner(
  deps: AuthDeps,
  user: User & { passwordHash: string },
  password: string,
  context: { ip?: string; reason: string },
): Promise<Result<void>> {
  const audit = (code: string) =>
    deps.audit({ event: "login.failure", code, userId: user.id, ip: context.ip, reason: context.reason });
  if (await isLoginLocked(deps, user.email, context.ip)) {
    audit("BDC_1110");
    return fail("LOGIN_LOCKED");
  }
  if (await deps.hasher.verify(user.passwordHash, password)) return ok(undefined);
  audit("BDC_1101");
  await recordLoginFailure(deps, user.email, context.ip, { userId: user.id });
  return fail("INVALID_CREDENTIALS");
}

/**
 * The password hash to store for an identity without one yet (its owner chooses it), or
 * undefined when it has one (then `password` must prove it is theirs). Either way a Result.
 */
export async function ownerPassword(
  deps: AuthDeps,
  user: User,
  password: string,
  context: { ip?: string; reason: string; login: string },
): Promise<Result<string | undefined>> {
  if (user.passwordHash !== null) {
    const proven = await proveOwner(deps, { ...user, passwordHash: user.passwordHash }, password, context);
    return proven.ok ? ok(undefined) : proven;
  }
  const policy = checkNewPassword(deps.config, password, context.login);
  if (!policy.ok) return policy;
  return ok(await deps.hasher.hash(password));
}
