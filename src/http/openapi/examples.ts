/**
 * Examples of the main session calls, as the server answers them: fixed sample objects in
 * the shapes of the answers (test/api/openapi-examples.test.ts checks them against the
 * response schemas, and their keys against real answers of a server it starts). Errors' examples
 * are made by the server's own `errorBody` (error-docs.ts).
 */
import type { ExampleObject } from "./error-docs.ts";

const ORGANIZATION_ID = "00801Abc2dEf3gHi4jKl";
const USER_ID = "00601Mn5oPq6rSt7uVw8";
const SESSION_ID = "Ih4OkXVTdTLMgJmmQJO7d_9DamuoqVKvxcim9-XyuPU";
const DEV_KEY = "kX2v9QbT7mW4pLc1Rz8Hn5Yd3Fs6Ja0Ue_Go-Ki7NtA";

type Examples = Record<string, ExampleObject>;

/** Response examples: `METHOD url` (as Fastify has it) → status → named examples. */
export const RESPONSE_EXAMPLES: Readonly<Record<string, Record<number, Examples>>> = {
  "POST /connect/v3/login": {
    200: {
      session: {
        summary: "A new session (not trusted until MFA)",
        value: { sessionId: SESSION_ID, organizationId: ORGANIZATION_ID, userId: USER_ID, trusted: false },
      },
    },
  },
  "GET /connect/v3/login/session": {
    200: {
      session: {
        summary: "An organization without MFA",
        value: {
          organizationId: ORGANIZATION_ID,
          userId: USER_ID,
          mfaStatus: "DISABLED",
          mfaBypass: false,
          trusted: false,
        },
      },
    },
  },
  "POST /connect/v3/logout": {
    200: { loggedOut: { summary: "The session has ended", value: {} } },
  },
};

/** Request body examples, by `METHOD url`. */
export const REQUEST_EXAMPLES: Readonly<Record<string, Examples>> = {
  "POST /connect/v3/login": {
    password: {
      summary: "A user's password",
      value: {
        username: "ann@example.com",
        password: "correct horse battery staple",
        organizationId: ORGANIZATION_ID,
        devKey: DEV_KEY,
      },
    },
    consoleApiToken: {
      summary: "An accountant console user's API token",
      value: {
        username: "ann@example.com",
        consoleApiToken: "a-console-api-token",
        organizationId: ORGANIZATION_ID,
        devKey: DEV_KEY,
      },
    },
  },
};
