/**
 * The one table of BILL error codes. It is the contract: routes and the domain name an
 * entry by its key; the HTTP status, category and message are chosen here and nowhere else.
 */

export type ErrorCategory = "REQUEST" | "DOWNSTREAM" | "APPLICATION" | "SERVER";

export interface ErrorDefinition {
  readonly code: string;
  readonly status: number;
  readonly category: ErrorCategory;
  /** `${paramName0}` placeholders are substituted from the entry's params. */
  readonly message: string;
}

const define = <T extends Record<string, ErrorDefinition>>(table: T): Readonly<T> => Object.freeze(table);

export const ERROR_CODES = define({
  SYSTEM_ERROR: {
    code: "BDC_1001",
    status: 500,
    category: "SERVER",
    message: "System error occurred.",
  },
  INVALID_CREDENTIALS: {
    code: "BDC_1101",
    status: 401,
    category: "DOWNSTREAM",
    message: "User name and/or password do not match our records.",
  },
  DEVKEY_INVALID: {
    code: "BDC_1102",
    status: 401,
    category: "DOWNSTREAM",
    message: "Developer key is invalid.",
  },
  DEVKEY_INACTIVE: {
    code: "BDC_1103",
    status: 401,
    category: "DOWNSTREAM",
    message: "Developer key is inactive.",
  },
  ORGANIZATION_LOCKED: {
    code: "BDC_1107",
    status: 403,
    category: "DOWNSTREAM",
    message: "Organization is locked out.",
  },
  MISSING_PARAMETER: {
    code: "BDC_1108",
    status: 400,
    category: "REQUEST",
    message: "Missing parameter value for parameter: ${paramName0}.",
  },
  SESSION_INVALID: {
    code: "BDC_1109",
    status: 401,
    category: "DOWNSTREAM",
    message: "Session is invalid.  Please log in.",
  },
  LOGIN_LOCKED: {
    code: "BDC_1110",
    status: 401,
    category: "DOWNSTREAM",
    message: "Login is locked.",
  },
  NO_ACTIVE_USER: {
    code: "BDC_1111",
    status: 401,
    category: "DOWNSTREAM",
    message: "No active user for: ${paramName0}, ${paramName1}.",
  },
  API_NOT_SUPPORTED: {
    code: "BDC_1121",
    status: 404,
    category: "REQUEST",
    message: "API not supported.",
  },
  // (ours) BILL documents no 405; the code and message stay BILL's.
  METHOD_NOT_ALLOWED: {
    code: "BDC_1121",
    status: 405,
    category: "REQUEST",
    message: "API not supported.",
  },
  INVALID_JSON: {
    code: "BDC_1122",
    status: 400,
    category: "REQUEST",
    message: "Error Parsing Json Object. Please check your request.",
  },
  // (ours) a body in another media type.
  UNSUPPORTED_CONTENT_TYPE: {
    code: "BDC_1122",
    status: 415,
    category: "REQUEST",
    message: "Content-Type must be application/json.",
  },
  INVALID_ORGANIZATION_ID: {
    code: "BDC_1123",
    status: 400,
    category: "REQUEST",
    message: "Invalid organization id.",
  },
  REQUEST_BUDGET_EXCEEDED: {
    code: "BDC_1144",
    status: 422,
    category: "APPLICATION",
    message: "Max number of allowed requests per hour reached: ${paramName0}.",
  },
  CONCURRENCY_LIMIT: {
    code: "BDC_1322",
    status: 422,
    category: "APPLICATION",
    message: "Max number of concurrent requests per organization reached.",
  },
  // BILL's answer to a challenge for a user without a verified phone (BILL's v2 MFAChallenge
  // page names the code; a public client saw the message on BILL's stage sandbox). The status:
  // BILL's collection documents 400 for the endpoint's errors.
  MFA_NOT_SET_UP: {
    code: "BDC_1354",
    status: 400,
    category: "REQUEST",
    message: "Specified 2-Step Verification phone is not setup or is invalid.",
  },
  MFA_TOKEN_EXPIRED: {
    code: "BDC_1356",
    status: 400,
    category: "REQUEST",
    message: "The 2-Step Verification token has expired.",
  },
  MFA_TOO_MANY_ATTEMPTS: {
    code: "BDC_1358",
    status: 403,
    category: "DOWNSTREAM",
    message: "2-Step Verification too many token response attempts.",
  },
  UNTRUSTED_SESSION: {
    code: "BDC_1361",
    status: 403,
    category: "DOWNSTREAM",
    message: "Untrusted session.",
  },
  // BILL's answer to `POST /v3/mfa/setup` (changing the phone) when the identity already has a
  // verified phone and the session is not trusted (seen on BILL's stage sandbox by a public
  // client). Status and category are ours: BILL documents neither.
  MFA_ACTION_BLOCKED: {
    code: "BDC_5324",
    status: 403,
    category: "DOWNSTREAM",
    message: "Mfa action blocked.",
  },
  INVALID_VALUE: {
    code: "BDC_9001",
    status: 400,
    category: "REQUEST",
    message: "Invalid value for parameter: ${paramName0}.",
  },
  MFA_TOKEN_INVALID: {
    code: "BDC_9002",
    status: 400,
    category: "REQUEST",
    message: "The 2-Step Verification token is invalid.",
  },
  REMEMBER_ME_INVALID: {
    code: "BDC_9003",
    status: 401,
    category: "DOWNSTREAM",
    message: "rememberMeId is invalid or expired.",
  },
  INSUFFICIENT_PERMISSIONS: {
    code: "BDC_9004",
    status: 403,
    category: "DOWNSTREAM",
    message: "Insufficient permissions for this operation.",
  },
  NOT_FOUND: {
    code: "BDC_9005",
    status: 404,
    category: "DOWNSTREAM",
    message: "No data found for id: ${paramName0}.",
  },
  BODY_TOO_LARGE: {
    code: "BDC_9007",
    status: 413,
    category: "REQUEST",
    message: "Request body too large.",
  },
  ALREADY_EXISTS: {
    code: "BDC_9008",
    status: 409,
    category: "REQUEST",
    message: "${paramName0} already exists.",
  },
  // (ours) the delivery adapter (an SMS gateway behind the webhook) did not take the message;
  // nothing was sent, so the caller is told to try again rather than wait for a code.
  DELIVERY_FAILED: {
    code: "BDC_9009",
    status: 503,
    category: "SERVER",
    message: "The message could not be delivered. Please try again later.",
  },
  // (ours) a request not answered within BILLET_REQUEST_TIMEOUT_MS: BILL's system error, with
  // the status that tells clients and proxies the server may answer a retry.
  REQUEST_TIMEOUT: {
    code: "BDC_1001",
    status: 503,
    category: "SERVER",
    message: "System error occurred.",
  },
  // (ours) a request that arrives while the server shuts down (on a connection it already
  // had): BILL's system error, with the status that sends a load balancer elsewhere.
  SHUTTING_DOWN: {
    code: "BDC_1001",
    status: 503,
    category: "SERVER",
    message: "System error occurred.",
  },
  // (ours) the operator API (not BILL's): a missing or wrong bearer token.
  OPERATOR_UNAUTHORIZED: {
    code: "BDC_9010",
    status: 401,
    category: "DOWNSTREAM",
    message: "Operator token is missing or invalid.",
  },
  // (ours) a new password that breaks the password rules (spec 5.1): BILL's code for an
  // invalid value, with a message that names the rule.
  PASSWORD_LENGTH: {
    code: "BDC_9001",
    status: 400,
    category: "REQUEST",
    message:
      "Invalid value for parameter: ${paramName0}. A password has ${paramName1} to ${paramName2} characters.",
  },
  // (ours) a list's `filters` or `sort` that names a field the list does not allow, an
  // unknown operator, or a value of the wrong type: BILL's code, with the reason.
  INVALID_LIST_QUERY: {
    code: "BDC_9001",
    status: 400,
    category: "REQUEST",
    message: "Invalid value for parameter: ${paramName0}. ${paramName1}",
  },
  PASSWORD_IS_LOGIN: {
    code: "BDC_9001",
    status: 400,
    category: "REQUEST",
    message:
      "Invalid value for parameter: ${paramName0}. A password must not be the email address or username.",
  },
  // (ours) the test clock and faults exist only in sandbox mode.
  SANDBOX_ONLY: {
    code: "BDC_9011",
    status: 403,
    category: "DOWNSTREAM",
    message: "This operation is available in sandbox mode only.",
  },
  // (ours) the test clock only moves back when the operator says so: going back revives
  // expired sessions that were not swept yet and lengthens lockouts and limit windows.
  CLOCK_BACKWARDS: {
    code: "BDC_9015",
    status: 409,
    category: "REQUEST",
    message:
      "The test clock would move backwards, to ${paramName0}: expired sessions not yet removed would be valid again and lockouts would last longer. Send backwards: true to move it anyway.",
  },
  // (ours) the request line and headers together are over the header limit (16 KiB).
  HEADERS_TOO_LARGE: {
    code: "BDC_9012",
    status: 431,
    category: "REQUEST",
    message: "Request header fields too large.",
  },
  // (ours) the URL is over the URL limit (8 KiB).
  URI_TOO_LONG: {
    code: "BDC_9013",
    status: 414,
    category: "REQUEST",
    message: "Request URI too long.",
  },
  // (ours) the client did not send its headers (BILLET_HEADERS_TIMEOUT_MS) or its whole request
  // (BILLET_RECEIVE_TIMEOUT_MS) in time; the connection is closed after this answer. A handler
  // too slow to answer is REQUEST_TIMEOUT (503) instead: the server's fault, not the client's.
  RECEIVE_TIMEOUT: {
    code: "BDC_9014",
    status: 408,
    category: "REQUEST",
    message: "Request timed out.",
  },
  // BILL's v2 API (docs/bill-sign-in-modes.md section 2; BILL's error list,
  // https://developersupport.bill.com/hc/en-us/articles/208762056-Error-codes-list). v2 answers
  // them in its envelope with HTTP 200, as BILL does; the status here is for the table only
  // (ours: what the code would be on v3).
  V2_INVALID_CRUD_OPERATION: {
    code: "BDC_1115",
    status: 400,
    category: "REQUEST",
    message: "Invalid CRUD operation: ${paramName0}.",
  },
  V2_INVALID_CRUD_ENTITY: {
    code: "BDC_1116",
    status: 400,
    category: "REQUEST",
    message: "Invalid CRUD operation entity: ${paramName0}.",
  },
  V2_MISSING_DATA: {
    code: "BDC_1117",
    status: 400,
    category: "REQUEST",
    message: "Missing required data for: ${paramName0}.",
  },
  V2_ENTITY_MISMATCH: {
    code: "BDC_1118",
    status: 400,
    category: "REQUEST",
    message:
      "Entity from CRUD operation: ${paramName0} does not match the entity specified in the data: ${paramName1}.",
  },
  V2_INVALID_FIELD_DATATYPE: {
    code: "BDC_1124",
    status: 400,
    category: "REQUEST",
    message: "Invalid field datatype: ${paramName0}.",
  },
  V2_INVALID_LIST_ENTITY: {
    code: "BDC_1128",
    status: 400,
    category: "REQUEST",
    message: "Invalid List entity: ${paramName0}.",
  },
  V2_INVALID_PARAMETER_VALUE: {
    code: "BDC_1129",
    status: 400,
    category: "REQUEST",
    message: "Invalid parameter value for parameter,value: ${paramName0}, ${paramName1}.",
  },
  V2_INVALID_FILTER_FIELD: {
    code: "BDC_1130",
    status: 400,
    category: "REQUEST",
    message: "Invalid list filter field: ${paramName0}.",
  },
  V2_INVALID_FILTER_OPERATOR: {
    code: "BDC_1131",
    status: 400,
    category: "REQUEST",
    message: "Invalid list filter operator: ${paramName0}.",
  },
  // (ours) a v2 call whose body is not form-encoded: BILL's parsing code, with the reason.
  V2_FORM_EXPECTED: {
    code: "BDC_1122",
    status: 415,
    category: "REQUEST",
    message: "Content-Type must be application/x-www-form-urlencoded.",
  },
});

export type ErrorKey = keyof typeof ERROR_CODES;

/** One error of a response: a table key and the values it substitutes. */
export interface ErrorItem {
  readonly key: ErrorKey;
  readonly params?: Readonly<Record<string, string>>;
}

/** An expected "no" that the HTTP edge turns into BILL's error array. */
export class ApiError extends Error {
  readonly items: readonly ErrorItem[];
  /** Seconds for a `Retry-After` header, for the limit codes. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    items: ErrorKey | ErrorItem | readonly ErrorItem[],
    options: { retryAfterSeconds?: number } = {},
  ) {
    const list: readonly ErrorItem[] =
      typeof items === "string" ? [{ key: items }] : Array.isArray(items) ? items : [items as ErrorItem];
    if (list.length === 0) throw new TypeError("ApiError needs at least one item");
    super(list.map((item) => item.key).join(", "));
    this.name = "ApiError";
    this.items = list;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The HTTP status of the response: the first item's. */
  get status(): number {
    return ERROR_CODES[(this.items[0] as ErrorItem).key].status;
  }
}

/** Substitutes `${name}` placeholders; unknown names are left as they are. */
export function formatMessage(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/**
 * One substituted value on the wire, as BILL's collection gives it: `{ name, value }`. The
 * domain keeps params as a record (ErrorItem); only the HTTP answer has this form.
 */
export interface ErrorParam {
  name: string;
  value: string;
}

export interface ErrorEntry {
  timestamp: string;
  code: string;
  severity: "ERROR";
  category: ErrorCategory;
  message: string;
  /** Absent when the error has no params, as in BILL's documented example. */
  params?: ErrorParam[];
}

/** A record of params in BILL's wire form: `[{ name: "paramName0", value: "…" }, …]`, in order. */
export function wireParams(params: Readonly<Record<string, string>>): ErrorParam[] {
  return Object.entries(params).map(([name, value]) => ({ name, value }));
}

/** BILL's error array for the given items, stamped with one timestamp. */
export function errorBody(items: readonly ErrorItem[], timestamp: string): ErrorEntry[] {
  return items.map(({ key, params = {} }) => {
    const definition = ERROR_CODES[key];
    const entry: ErrorEntry = {
      timestamp,
      code: definition.code,
      severity: "ERROR",
      category: definition.category,
      message: formatMessage(definition.message, params),
    };
    const wire = wireParams(params);
    if (wire.length > 0) entry.params = wire;
    return entry;
  });
}

/** An error item as one line for a person: its message, and the reason when it carries one. */
export function describeErrorItem(item: ErrorItem): string {
  const params = item.params ?? {};
  const message = formatMessage(ERROR_CODES[item.key].message, params);
  return params.reason ? `${message.replace(/\.$/, "")}: ${params.reason}` : message;
}
