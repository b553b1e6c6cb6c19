/**
 * The schemas of BILL's v2 calls (docs/bill-sign-in-modes.md section 2), for the OpenAPI
 * document: form-encoded request bodies, one envelope for every answer. The routes read the
 * form themselves, the v2 way (src/routes/v2/).
 */
import { type TSchema, Type } from "typebox";

/** What every v2 call answers: a success, or `response_status: 1` with one error. */
export const V2Envelope = (data: TSchema = Type.Unknown()) =>
  Type.Object(
    {
      response_status: Type.Integer({ description: "0: success, 1: error" }),
      response_message: Type.String({ description: "Success or Error" }),
      // An error's is {error_code, error_message} (answered outside this schema).
      response_data: data,
    },
    {
      description:
        "BILL's v2 envelope. Errors answer HTTP 200 too (as BILL's v2 does), with response_status 1 " +
        'and response_data {error_code: "BDC_…", error_message}; only a failure of the server itself (BDC_1001) ' +
        "keeps its 5xx status.",
    },
  );

const devKey = Type.String({ description: "The developer key the session was made with." });
const sessionId = Type.String({ description: "From POST /api/v2/Login.json (or POST /v3/login)." });
const data = Type.String({ description: "A JSON object, as text." });

export const V2LoginForm = Type.Object({
  userName: Type.String({ description: "The email address of the user." }),
  password: Type.String(),
  orgId: Type.String({ description: "The organization (008…)." }),
  devKey,
  mfaId: Type.Optional(Type.String({ description: "A rememberMeId from MFA, for a trusted session." })),
  deviceId: Type.Optional(Type.String({ description: "The device name the mfaId was given for." })),
});

export const V2LoginData = Type.Object({
  sessionId: Type.String(),
  orgId: Type.String(),
  apiEndPoint: Type.String({ description: "billet's own v2 base URL, as the client reached it." }),
  usersId: Type.String(),
});

export const V2SessionForm = Type.Object({ devKey, sessionId });

export const V2SessionInfoData = Type.Object({ organizationId: Type.String(), userId: Type.String() });

export const V2DataForm = Type.Object({ devKey, sessionId, data });

export const V2ListData = Type.Array(Type.Record(Type.String(), Type.Unknown()));
export const V2ObjectData = Type.Record(Type.String(), Type.Unknown());

export const EntityParams = Type.Object({ entity: Type.String({ description: "Vendor, Bill, …" }) });
export const CrudParams = Type.Object({
  operation: Type.String({ description: "Create, Read, Update, Delete or Undelete" }),
  entity: Type.String({ description: "Vendor, Bill, …" }),
});

/** The form fields of a v2 call, as OpenAPI's request body in that media type. */
export const formBody = <T extends TSchema>(schema: T) => ({
  body: schema,
  consumes: ["application/x-www-form-urlencoded"],
});
