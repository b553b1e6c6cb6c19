import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { verifyRememberedDevice } from "../mfa/remembered-devices.ts";

export interface RememberMeInput {
  userId: string;
  rememberMeId?: string;
  device?: string;
}

/**
 * Step 9 of spec section 3.3, shared by `POST /v3/login` and `POST /v3/partner/login-as-user`:
 * a remembered device makes the new session trusted. Without a rememberMeId the session is
 * simply untrusted. A rememberMeId must be valid for this user and the device name it was
 * made for, and not expired or revoked; otherwise BDC_9003. Not a password failure, so it does
 * not count towards the lockout.
 */
export async function checkRememberMe(
  deps: AuthDeps,
  input: RememberMeInput,
): Promise<Result<{ trusted: boolean }>> {
  if (input.rememberMeId === undefined) return ok({ trusted: false });
  const remembered = await verifyRememberedDevice(deps, {
    userId: input.userId,
    rememberMeId: input.rememberMeId,
    device: input.device ?? "",
  });
  return remembered.ok ? ok({ trusted: true }) : fail("REMEMBER_ME_INVALID");
}
