import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { same } from "./same.ts";

/** `POST /v3/login`: fields in the order BILL reports them missing (spec 3.3, step 2). */
export const LoginBody = Type.Object({
  username: Type.String(),
  // Exactly as typed: never trimmed or normalised; 1–1024 characters (code points).
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  organizationId: Type.String(),
  devKey: Type.String(),
  rememberMeId: Type.Optional(Type.String()),
  device: Type.Optional(Type.String()),
});

/**
 * `POST /v3/login` of a BILL Accountant Console user (docs/bill-sign-in-modes.md section 5): a
 * Console API token in place of the password, into a client organization.
 */
export const ConsoleLoginBody = Type.Object({
  username: Type.String(),
  // (ours) A token is what billet issued: printable, 1–1024 characters, never trimmed.
  consoleApiToken: Type.String({ minLength: 1, maxLength: 1024 }),
  organizationId: Type.String(),
  devKey: Type.String(),
});

/** What the route documents: either body (exactly one of `password`, `consoleApiToken`). */
export const AnyLoginBody = Type.Union([LoginBody, ConsoleLoginBody]);

export const LOGIN_V2_NAMES = Object.freeze({
  userName: "username",
  orgId: "organizationId",
  mfaId: "rememberMeId",
  deviceId: "device",
});

export const LoginResponse = Type.Object({
  sessionId: Type.String(),
  organizationId: Type.String(),
  userId: Type.String(),
  trusted: Type.Boolean(),
});

export const SessionDetails = Type.Object({
  organizationId: Type.String(),
  userId: Type.String(),
  mfaStatus: Type.Union([
    Type.Literal("DISABLED"),
    Type.Literal("SETUP"),
    Type.Literal("CHALLENGE"),
    Type.Literal("COMPLETE"),
  ]),
  mfaBypass: Type.Boolean(),
  trusted: Type.Boolean(),
});

export const EmptyObject = Type.Object({}, { additionalProperties: false });

export const ErrorResponse = Type.Array(
  Type.Object({
    timestamp: Type.String(),
    code: Type.String(),
    severity: Type.String(),
    category: Type.String(),
    message: Type.String(),
    // BILL's collection: an array of { name, value }; absent when there are none.
    params: Type.Optional(Type.Array(Type.Object({ name: Type.String(), value: Type.String() }))),
  }),
);

// Compile-time proof that the server's schemas and the client's wire types are the same
// shapes: a change to either side that breaks the other fails `tsc`.
same<Static<typeof LoginBody>, Wire.LoginRequest>(true);
same<Static<typeof LoginResponse>, Wire.LoginResponse>(true);
same<Static<typeof ConsoleLoginBody>, Wire.ConsoleLoginRequest>(true);
same<Static<typeof SessionDetails>, Wire.SessionDetails>(true);
same<Static<typeof ErrorResponse>, Wire.BillErrorBody>(true);
