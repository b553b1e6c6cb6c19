import { type AuthDeps, fail, ok, type Result } from "./deps.ts";

export interface RememberMeInput {
  userId: string;
  rememberMeId?: string;
  device?: string;
}

/**
 * Step 9 of spec section 3.3, shared by `POST /v3/login` and `POST /v3/partner/login-as-user`:
 * a remembered device makes the new session trusted. Without a rememberMeId the session is
 * simply untrusted. Until MFA exists no rememberMeId can be valid, so any given one is
 * BDC_9003; MFA replaces this body with the real verification (one place for both callers).
 */
export async function checkRememberMe(
  _deps: AuthDeps,
  input: RememberMeInput,
): Promise<Result<{ trusted: boolean }>> {
  if (input.rememberMeId === undefined) return ok({ trusted: false });
  return fail("REMEMBER_ME_INVALID");
}
