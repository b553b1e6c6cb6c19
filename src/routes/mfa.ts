/**
 * MFA endpoints (spec section 7, with docs/bill-v3-auth-corrections.md). Each authenticates the
 * session first (BDC_1108, BDC_1109), then runs the MFA guard where declared (BDC_5324 for a
 * change of phone, BDC_1361 for the operator's list), then reads the body (BDC_1122, BDC_1108,
 * BDC_9001), then calls one domain function.
 */
import type { FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import {
  completeChallenge,
  completeSetup,
  hasVerifiedPhone,
  listPhones,
  startChallenge,
  startSetup,
  stepUp,
} from "../auth/mfa/mfa.ts";
import { ApiError } from "../errors.ts";
import { sessionOf } from "../http/context.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import {
  MfaChallengeBody,
  MfaChallengeResponse,
  MfaChallengeValidateBody,
  MfaChallengeValidateResponse,
  MfaPhonesResponse,
  MfaSetupBody,
  MfaSetupResponse,
  MfaSetupValidateBody,
  MfaSetupValidateResponse,
  MfaStepUpBody,
  MfaStepUpResponse,
} from "../http/schemas/mfa.ts";
import type { App } from "../http/types.ts";
import { validateFields } from "../http/validate.ts";

const responses = <T>(ok: T) => ({ response: { 200: ok, "4xx": ErrorResponse } });

/** A body that may be left out entirely; when sent it must still be a JSON object. */
const optionalBody = (request: FastifyRequest): Record<string, unknown> =>
  request.body === undefined ? {} : jsonObjectBody(request);

export function registerMfaRoutes(app: App, deps: AuthDeps): void {
  app.post(
    "/connect/v3/mfa/setup",
    {
      schema: responses(MfaSetupResponse),
      // Changing the phone (the user already has a verified one) needs a trusted session, in
      // every organization: the phone is the user's second factor everywhere. BILL answers
      // BDC_5324 "Mfa action blocked." then.
      config: {
        auth: "session",
        mfaProtected: (d, session) => hasVerifiedPhone(d, session.userId),
        mfaRefusal: "MFA_ACTION_BLOCKED",
        refuseImpersonation: true,
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const input = validateFields(MfaSetupBody, jsonObjectBody(request));
      return resultValue(await startSetup(deps, session, input));
    },
  );

  // BILL documents both paths for the same operation.
  for (const url of ["/connect/v3/mfa/validate", "/connect/v3/mfa/setup/validate"]) {
    const config = { auth: "session", mfaProtected: false, refuseImpersonation: true } as const;
    app.post(url, { schema: responses(MfaSetupValidateResponse), config }, async (request) => {
      const session = sessionOf(request);
      const input = validateFields(MfaSetupValidateBody, jsonObjectBody(request));
      return resultValue(await completeSetup(deps, session, input));
    });
  }

  app.get(
    "/connect/v3/mfa/phones",
    { schema: responses(MfaPhonesResponse), config: { auth: "session" } },
    async (request) => listPhones(deps, sessionOf(request).userId),
  );

  // The three routes that make a session trusted can never require one.
  app.post(
    "/connect/v3/mfa/challenge",
    { schema: responses(MfaChallengeResponse), config: { auth: "session", mfaProtected: false } },
    async (request) => {
      const session = sessionOf(request);
      const input = validateFields(MfaChallengeBody, optionalBody(request));
      return resultValue(await startChallenge(deps, session, input));
    },
  );

  app.post(
    "/connect/v3/mfa/challenge/validate",
    { schema: responses(MfaChallengeValidateResponse), config: { auth: "session", mfaProtected: false } },
    async (request) => {
      const session = sessionOf(request);
      const input = validateFields(MfaChallengeValidateBody, jsonObjectBody(request));
      // A rememberMeId is bound to a device name, so remembering needs one.
      if (input.rememberMe === true && input.device === undefined) {
        throw new ApiError({ key: "MISSING_PARAMETER", params: { paramName0: "device" } });
      }
      return resultValue(await completeChallenge(deps, session, input));
    },
  );

  app.post(
    "/connect/v3/mfa/step-up",
    { schema: responses(MfaStepUpResponse), config: { auth: "session", mfaProtected: false } },
    async (request) => {
      const session = sessionOf(request);
      const input = validateFields(MfaStepUpBody, jsonObjectBody(request));
      return resultValue(await stepUp(deps, session, input));
    },
  );
}
