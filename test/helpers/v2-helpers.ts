/**
 * v2 calls for tests (docs/bill-sign-in-modes.md section 2): form-encoded POSTs to `/api/v2`,
 * and a small v2 mapping of `vendors` so that the List and Crud dispatcher can be tested on its
 * own (BILL's real mappings live in src/v2/entities/).
 */
import type { V2Entity } from "../../src/v2/entity.ts";
import type { Account, TestServer } from "./helpers.ts";

export interface V2Answer {
  status: number;
  headers: Headers;
  body: {
    response_status: number;
    response_message: string;
    response_data: Record<string, unknown> & { error_code?: string; error_message?: string };
  };
}

/** POSTs form fields (values as given; objects in `data` as JSON text) to `/api/v2/<path>`. */
export async function postForm(
  t: TestServer,
  path: string,
  fields: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<V2Answer> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    form.append(name, typeof value === "string" ? value : JSON.stringify(value));
  }
  return postRaw(t, path, form.toString(), {
    "content-type": "application/x-www-form-urlencoded",
    ...headers,
  });
}

/** POSTs any body with any headers to `/api/v2/<path>`. */
export async function postRaw(
  t: TestServer,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<V2Answer> {
  const response = await fetch(`${t.server.url}/api/v2/${path}`, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as V2Answer["body"] };
}

/** v2's login form of an account. */
export const v2LoginForm = (account: Account) => ({
  userName: account.username,
  password: account.password,
  orgId: account.organizationId,
  devKey: account.devKey,
});

/** Logs in through v2 and returns the session id. */
export async function v2Login(t: TestServer, account: Account): Promise<string> {
  const answer = await postForm(t, "Login.json", v2LoginForm(account));
  if (answer.body.response_status !== 0) throw new Error(`v2 login failed: ${JSON.stringify(answer.body)}`);
  return String(answer.body.response_data.sessionId);
}

/** The error code of a v2 answer, or undefined on success. */
export const v2Code = (answer: V2Answer): string | undefined =>
  answer.body.response_status === 1 ? answer.body.response_data.error_code : undefined;

/** A few of v2's Vendor fields over v3's `vendors`: enough to drive List and Crud in tests. */
export const TEST_VENDOR: V2Entity = {
  name: "Vendor",
  resource: "vendors",
  toV2: (v3) => ({
    entity: "Vendor",
    id: v3.id,
    isActive: v3.archived ? "2" : "1",
    name: v3.name,
    ...(v3.shortName === undefined ? {} : { shortName: v3.shortName }),
    ...(v3.email === undefined ? {} : { email: v3.email }),
    createdTime: v3.createdTime,
    updatedTime: v3.updatedTime,
  }),
  toV3: (v2, action) => {
    if (action === "create" && typeof v2.name !== "string") {
      return { ok: false, code: "BDC_1117", message: "Missing required data for: name." };
    }
    const body: Record<string, unknown> = {};
    for (const field of ["name", "shortName", "email"]) if (v2[field] !== undefined) body[field] = v2[field];
    return { ok: true, value: body };
  },
  listField: (field) => {
    switch (field) {
      case "id":
      case "name":
      case "createdTime":
      case "updatedTime":
        return { field };
      case "isActive":
        return { field: "archived", value: (v) => (v === "2" ? true : v === "1" ? false : v) };
      default:
        return undefined;
    }
  },
  deletes: "archive",
};
