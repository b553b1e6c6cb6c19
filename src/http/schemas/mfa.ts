import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { E164_PATTERN } from "../../auth/mfa/phones.ts";
import { same } from "./same.ts";

/** TypeBox schemas of the MFA endpoints (spec section 7), in the order fields are reported. */

const PhoneType = Type.Union([Type.Literal("TEXT"), Type.Literal("VOICE")]);
const DeviceName = Type.String({ minLength: 1, maxLength: 100 });

export const MfaSetupBody = Type.Object({
  phone: Type.String({ pattern: E164_PATTERN.source }),
  type: PhoneType,
  primary: Type.Optional(Type.Boolean()),
});

export const MfaSetupResponse = Type.Object({ setupId: Type.String() });

export const MfaSetupValidateBody = Type.Object({
  setupId: Type.String({ maxLength: 20 }),
  type: PhoneType,
  token: Type.String({ maxLength: 32 }),
});

// BILL's answer to a right setup token (its v3 Postman collection).
export const MfaSetupValidateResponse = Type.Object({ status: Type.Literal("SUCCESS") });

// BILL's fields (type MOBILE or WORK, last4digits, primary); `phone`, masked, is ours.
export const MfaPhonesResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      type: Type.Union([Type.Literal("MOBILE"), Type.Literal("WORK")]),
      last4digits: Type.String(),
      primary: Type.Boolean(),
      phone: Type.String(),
    }),
  ),
});

// A boolean, or the text BILL's own collection sends (`"false"`).
export const MfaChallengeBody = Type.Object({
  useBackup: Type.Optional(Type.Union([Type.Boolean(), Type.Literal("true"), Type.Literal("false")])),
});

export const MfaChallengeResponse = Type.Object({ challengeId: Type.String() });

export const MfaChallengeValidateBody = Type.Object({
  challengeId: Type.String({ maxLength: 20 }),
  token: Type.String({ maxLength: 32 }),
  device: Type.Optional(DeviceName),
  machineName: Type.Optional(DeviceName),
  rememberMe: Type.Optional(Type.Boolean()),
});

export const MfaChallengeValidateResponse = Type.Object({
  trusted: Type.Boolean(),
  rememberMeId: Type.Optional(Type.String()),
});

export const MfaStepUpBody = Type.Object({
  rememberMeId: Type.String({ maxLength: 128 }),
  device: DeviceName,
});

export const MfaStepUpResponse = Type.Object({ trusted: Type.Boolean() });

// Compile-time proof that these schemas and the client's wire types are the same shapes.
same<Static<typeof MfaSetupBody>, Wire.MfaSetupRequest>(true);
same<Static<typeof MfaSetupResponse>, Wire.MfaSetupResponse>(true);
same<Static<typeof MfaSetupValidateBody>, Wire.MfaSetupValidateRequest>(true);
same<Static<typeof MfaSetupValidateResponse>, Wire.MfaSetupValidateResponse>(true);
same<Static<typeof MfaPhonesResponse>, Wire.MfaPhonesResponse>(true);
same<Static<typeof MfaChallengeBody>, Wire.MfaChallengeRequest>(true);
same<Static<typeof MfaChallengeResponse>, Wire.MfaChallengeResponse>(true);
same<Static<typeof MfaChallengeValidateBody>, Wire.MfaChallengeValidateRequest>(true);
same<Static<typeof MfaChallengeValidateResponse>, Wire.MfaChallengeValidateResponse>(true);
same<Static<typeof MfaStepUpBody>, Wire.MfaStepUpRequest>(true);
same<Static<typeof MfaStepUpResponse>, Wire.MfaStepUpResponse>(true);
