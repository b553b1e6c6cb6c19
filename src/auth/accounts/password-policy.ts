/**
 * The password rules (spec 5.1), for every way a password is set: user create, invitation
 * accept, set-password, email confirmation, seed files, partner users, the operator API and
 * the CLI. A password is kept exactly as typed; only its length (in characters, code points)
 * and its likeness to the login name are checked. A refusal names the rule it broke.
 */

import { fail, ok, type Result } from "../context.ts";
import { canonicalEmail } from "./emails.ts";

export const PASSWORD_MAX_LENGTH = 1024;

export interface PasswordRules {
  passwordMinLength: number;
}

/**
 * Ok, or BDC_9001 for `password` with a message that says the rule: too short or too long
 * (`PASSWORD_LENGTH`, naming the bounds), or the login name itself (`PASSWORD_IS_LOGIN`) —
 * compared the way logins compare names, so `Ann@Acme.test` is `ann@acme.test`'s email.
 */
export function checkNewPassword(rules: PasswordRules, password: string, login?: string): Result<void> {
  const length = [...password].length;
  if (length < rules.passwordMinLength || length > PASSWORD_MAX_LENGTH) {
    return fail("PASSWORD_LENGTH", {
      paramName0: "password",
      paramName1: String(rules.passwordMinLength),
      paramName2: String(PASSWORD_MAX_LENGTH),
    });
  }
  if (login !== undefined && canonicalEmail(password) === canonicalEmail(login)) {
    return fail("PASSWORD_IS_LOGIN", { paramName0: "password" });
  }
  return ok(undefined);
}

/** Why a password breaks the rules, in a few words (seed file problems); undefined when it keeps them. */
export function passwordProblem(rules: PasswordRules, password: string, login: string): string | undefined {
  const checked = checkNewPassword(rules, password, login);
  if (checked.ok) return undefined;
  return checked.errors[0]?.key === "PASSWORD_IS_LOGIN"
    ? "must not be the email address or username"
    : `must be ${rules.passwordMinLength}-${PASSWORD_MAX_LENGTH} characters`;
}
