/**
 * The names of the documented operations: an `operationId`, a `summary` and one tag each,
 * derived from the method and the URL pattern (`POST /connect/v3/vendors/:id/archive` →
 * `archiveVendor`, "Archive a vendor", Vendors), or taken from the tables below where a
 * derived name would say less. A route's own `schema.operationId`, `summary` or `tags` win.
 * Stable: a name changes only when its route's method or path does.
 */

export interface OperationNames {
  operationId: string;
  summary: string;
  tag: string;
}

/** A tag of a document, in the order the page lists them. */
export interface TagDefinition {
  name: string;
  description: string;
}

/** The public document's tags, one per capability. */
export const PUBLIC_TAGS: readonly TagDefinition[] = [
  { name: "Health", description: "Whether the API answers." },
  { name: "Sessions", description: "Login, the session's details, its organizations, logout." },
  { name: "MFA", description: "Two-step verification: phone setup, challenges, step-up." },
  { name: "Organizations", description: "The organization of the session, and BILL's industry list." },
  { name: "Users", description: "The organization's users, invitations and email changes." },
  { name: "Roles", description: "The organization's roles." },
  { name: "Sync tokens", description: "AP & AR sync tokens (token-based sign-in)." },
  { name: "Partners", description: "Partner-level calls (appKey + sessionId): organizations, users, roles." },
  { name: "Vendors", description: "Vendors, their bank accounts and payment configuration." },
  { name: "Bills", description: "Bills, and the payments recorded against them." },
  { name: "Bill approvals", description: "Approval policies and the bills waiting for approval." },
  { name: "Vendor credits", description: "Vendor credits." },
  { name: "Customers", description: "Customers." },
  { name: "Invoices", description: "Invoices, their email and payment links, recorded payments." },
  { name: "Receivable payments", description: "Payments received from customers." },
  { name: "Credit memos", description: "Credit memos." },
  { name: "Classifications", description: "Chart of accounts, classes, departments, employees, items…" },
  { name: "Funding accounts", description: "The organization's bank accounts." },
  { name: "Payments", description: "Payments of bills: create, list, cancel, void." },
  { name: "OAuth", description: "OAuth client-credentials apps and BILL's token endpoint." },
  { name: "v2", description: "BILL's v2 API (form-encoded bodies, v2's envelope)." },
];

/** The operator document's tags. */
export const OPERATOR_TAGS: readonly TagDefinition[] = [
  { name: "Organizations", description: "Organizations, their users and their resources." },
  { name: "Users", description: "Users: creation, membership, password, email, MFA failures." },
  { name: "Developer keys", description: "Developer keys and their limit status." },
  { name: "Consoles", description: "Accountant consoles, their organizations, users and API tokens." },
  { name: "Partners", description: "Partners (appKey)." },
  { name: "Sync tokens", description: "AP & AR sync tokens." },
  { name: "OAuth apps", description: "OAuth client-credentials apps." },
  { name: "Observation", description: "Sessions, the outbox, the audit log and the request log." },
  { name: "Sandbox", description: "The test clock and armed faults (sandbox mode)." },
  { name: "Isolation", description: "Reset, snapshots and seed files." },
  { name: "Metrics", description: "Prometheus metrics." },
];

type Names = Partial<OperationNames>;

/** Public operations whose name is not CRUD on a collection. */
const PUBLIC_NAMES: Readonly<Record<string, Names>> = {
  "GET /connect/v3/health": { operationId: "getHealth", summary: "Health: whether the API answers" },
  "POST /connect/v3/login": { operationId: "login" },
  "GET /connect/v3/login/session": { operationId: "getSessionDetails" },
  "POST /connect/v3/logout": { operationId: "logout" },
  "GET /connect/v3/login/organizations": { operationId: "listLoginOrganizations", tag: "Sessions" },
  "POST /connect/v3/mfa/setup": {
    operationId: "setUpMfaPhone",
    summary: "Set up MFA: send a token to a phone to verify it",
  },
  "POST /connect/v3/mfa/validate": {
    operationId: "validateMfa",
    summary: "Verify the MFA phone with the token sent (the same as POST /v3/mfa/setup/validate)",
  },
  "POST /connect/v3/mfa/setup/validate": {
    operationId: "validateMfaSetup",
    summary: "Verify the MFA phone with the token sent",
  },
  "GET /connect/v3/mfa/phones": { operationId: "listMfaPhones", summary: "List the user's MFA phones" },
  "POST /connect/v3/mfa/challenge": {
    operationId: "createMfaChallenge",
    summary: "Start an MFA challenge: a token sent to the user's phone",
  },
  "POST /connect/v3/mfa/challenge/validate": {
    operationId: "validateMfaChallenge",
    summary: "Answer an MFA challenge: the session becomes trusted",
  },
  "POST /connect/v3/mfa/step-up": {
    operationId: "stepUpMfa",
    summary: "Step up: trust the session with a rememberMeId",
  },
  "POST /connect/v3/users/:userId/invite": { summary: "Send a user's invitation again" },
  "POST /connect/v3/partner/users/:userId/invite": { summary: "Send a partner user's invitation again" },
  "POST /connect/v3/partner/login": {
    operationId: "partnerLogin",
    summary: "Partner login: a partner session (appKey)",
  },
  "POST /connect/v3/partner/login-as-user": {
    operationId: "partnerLoginAsUser",
    summary: "Log in as a user of one of the partner's organizations",
  },
  "POST /connect/v3/invitations/accept": {
    operationId: "acceptInvitation",
    summary: "Accept an invitation: set the password of the invited user",
    tag: "Users",
  },
  "POST /connect/v3/email-changes/confirm": {
    operationId: "confirmEmailChange",
    summary: "Confirm an email change with the token sent to the new address",
    tag: "Users",
  },
  "POST /connect/v3/invoices/record-payment": {
    operationId: "recordInvoicePayment",
    summary: "Record a payment received for invoices",
  },
  "POST /connect/v3/bills/record-payment": {
    operationId: "recordBillPayment",
    summary: "Record a payment made outside BILL for bills",
  },
  "POST /connect/v3/invoices/:id/payment-link": {
    operationId: "createInvoicePaymentLink",
    summary: "Create a payment link for an invoice",
  },
  "GET /connect/v3/payments/options": {
    operationId: "listPaymentOptions",
    summary: "List the payment options for a vendor and an amount",
  },
  "GET /connect/v3/organizations/industries": {
    operationId: "listIndustries",
    summary: "List BILL's industries",
  },
  "GET /connect/v3/bill-approvals/pending-user-approvals": {
    operationId: "listPendingUserApprovals",
    summary: "List the bills waiting for the user's approval",
  },
  "POST /connect/v3/bill-approvals/actions": {
    operationId: "approveOrDenyBills",
    summary: "Approve or deny bills",
  },
  "GET /connect/v3/vendors/configuration/international-payments": {
    operationId: "getInternationalPaymentsConfiguration",
    summary: "Get the international payment configuration (countries, currencies)",
  },
  "POST /connect/v3/funding-accounts/banks/:id/verify": {
    summary: "Verify a bank account (micro-deposits)",
  },
  "DELETE /connect/v3/oauth/apps/:id": { operationId: "revokeOAuthApp" },
  "POST /authx/token": { operationId: "createAccessToken", tag: "OAuth" },
  "POST /api/v2/Login.json": { operationId: "v2Login" },
  "POST /api/v2/Logout.json": { operationId: "v2Logout" },
  "POST /api/v2/GetSessionInfo.json": { operationId: "v2GetSessionInfo" },
  "POST /api/v2/List/:entity.json": { operationId: "v2List" },
  "POST /api/v2/Crud/:operation/:entity.json": { operationId: "v2Crud" },
  "POST /api/v2/PayBills.json": { operationId: "v2PayBills" },
};

/** Operator operations (under /operator/v1) whose derived name would say less. */
const OPERATOR_NAMES: Readonly<Record<string, Names>> = {
  "GET /organizations": { summary: "List the organizations" },
  "POST /organizations": { summary: "Create an organization" },
  "POST /organizations/:id/lock": { summary: "Lock an organization: its sessions end" },
  "POST /organizations/:id/unlock": { summary: "Unlock an organization" },
  "GET /organizations/:id/users": { summary: "List the users of an organization" },
  "GET /organizations/:id/resources": {
    operationId: "listOrganizationResourceKinds",
    summary: "Count an organization's resources, kind by kind",
  },
  "GET /organizations/:id/resources/*": {
    operationId: "getOrganizationResources",
    summary: "A page of one resource kind of an organization, or one record",
  },
  "POST /users": { summary: "Create a user in an organization (or add an existing one)" },
  "POST /users/:id/archive": { summary: "Archive a user's membership of an organization" },
  "POST /users/:id/restore": { summary: "Restore a user's membership of an organization" },
  "POST /users/:id/password": { operationId: "setUserPassword", summary: "Set a user's password" },
  "POST /users/:id/email": {
    operationId: "changeUserEmail",
    summary: "Change a user's email (confirmed by the new address, or forced)",
  },
  "GET /users/:id/mfa-failures": {
    operationId: "getUserMfaFailures",
    summary: "Count a user's failed MFA attempts",
  },
  "DELETE /users/:id/mfa-failures": {
    operationId: "clearUserMfaFailures",
    summary: "Clear a user's failed MFA attempts",
  },
  "GET /devkeys": { operationId: "listDevKeys", summary: "List the developer keys", tag: "Developer keys" },
  "POST /devkeys": { operationId: "createDevKey", summary: "Create a developer key", tag: "Developer keys" },
  "POST /devkeys/:id/deactivate": {
    operationId: "deactivateDevKey",
    summary: "Deactivate a developer key",
    tag: "Developer keys",
  },
  "GET /limits/:id": {
    operationId: "getDevKeyLimits",
    summary: "A developer key's hourly budgets and requests in flight",
    tag: "Developer keys",
  },
  "GET /consoles/:id": { summary: "Get an accountant console, its organizations and users" },
  "POST /consoles/:id/organizations": {
    operationId: "addConsoleOrganization",
    summary: "Add an organization to a console",
  },
  "DELETE /consoles/:id/organizations/:organizationId": {
    operationId: "removeConsoleOrganization",
    summary: "Remove an organization from a console",
  },
  "POST /consoles/:id/users": { operationId: "addConsoleUser", summary: "Add a user to a console" },
  "DELETE /consoles/:id/users/:userId": {
    operationId: "removeConsoleUser",
    summary: "Remove a user from a console",
  },
  "GET /consoles/:id/tokens": { summary: "List a console's API tokens" },
  "POST /consoles/:id/tokens": { summary: "Create a console API token (shown once)" },
  "POST /consoles/:id/tokens/:tokenId/revoke": { summary: "Revoke a console API token" },
  "POST /sync-tokens": { summary: "Create a sync token (shown once)" },
  "POST /oauth-apps": { summary: "Create an OAuth app (its client secret is shown once)" },
  "POST /oauth-apps/:id/revoke": { summary: "Revoke an OAuth app: its access tokens end" },
  "GET /sessions": { summary: "List the live sessions" },
  "DELETE /sessions/:ref": { operationId: "revokeSession", summary: "End a session" },
  "POST /sessions/revoke": {
    operationId: "revokeSessions",
    summary: "End the sessions of an organization, a user or a developer key",
  },
  "GET /outbox": { operationId: "listOutbox", summary: "List the messages billet would have sent" },
  "GET /audit": { operationId: "listAuditEvents", summary: "List the audit log's events" },
  "GET /requests": { operationId: "listRecentRequests", summary: "List the recent requests" },
  "GET /clock": { operationId: "getClock", summary: "The test clock" },
  "PUT /clock": { operationId: "setClock", summary: "Set the test clock" },
  "POST /clock/advance": { operationId: "advanceClock", summary: "Advance the test clock" },
  "POST /clock/freeze": { operationId: "freezeClock", summary: "Freeze the test clock" },
  "POST /clock/unfreeze": { operationId: "unfreezeClock", summary: "Let the test clock run again" },
  "POST /clock/reset": { operationId: "resetClock", summary: "Back to real time" },
  "GET /faults": { summary: "List the armed faults" },
  "POST /faults": { operationId: "armFault", summary: "Arm a fault: an error, a latency or a drop" },
  "DELETE /faults": { operationId: "clearFaults", summary: "Clear every armed fault" },
  "DELETE /faults/:id": { operationId: "clearFault", summary: "Clear one armed fault" },
  "POST /reset": { operationId: "resetData", summary: "Reset the data: back to the seed, or empty" },
  "GET /snapshots": { summary: "List the snapshots held" },
  "POST /snapshots": { operationId: "takeSnapshot", summary: "Take a snapshot of the data" },
  "POST /snapshots/:id/restore": { summary: "Restore a snapshot" },
  "DELETE /snapshots/:id": { summary: "Delete a snapshot" },
  "POST /seed": { operationId: "applySeed", summary: "Apply a seed file" },
};

/** Operator tags by the first segment under /operator/v1. */
const OPERATOR_TAG_BY_SEGMENT: Readonly<Record<string, string>> = {
  organizations: "Organizations",
  users: "Users",
  devkeys: "Developer keys",
  limits: "Developer keys",
  consoles: "Consoles",
  partners: "Partners",
  "sync-tokens": "Sync tokens",
  "oauth-apps": "OAuth apps",
  sessions: "Observation",
  outbox: "Observation",
  audit: "Observation",
  requests: "Observation",
  clock: "Sandbox",
  faults: "Sandbox",
  reset: "Isolation",
  snapshots: "Isolation",
  seed: "Isolation",
};

/** Public tags by the path under /connect/v3 (longest prefix first). */
const PUBLIC_TAG_BY_PREFIX: readonly [string, string][] = [
  ["health", "Health"],
  ["login", "Sessions"],
  ["logout", "Sessions"],
  ["mfa", "MFA"],
  ["organizations", "Organizations"],
  ["users", "Users"],
  ["roles", "Roles"],
  ["sync-tokens", "Sync tokens"],
  ["partner", "Partners"],
  ["vendors", "Vendors"],
  ["bill-approvals", "Bill approvals"],
  ["bills", "Bills"],
  ["vendor-credits", "Vendor credits"],
  ["customers", "Customers"],
  ["invoices", "Invoices"],
  ["receivable-payments", "Receivable payments"],
  ["credit-memos", "Credit memos"],
  ["classifications", "Classifications"],
  ["funding-accounts", "Funding accounts"],
  ["payments", "Payments"],
  ["oauth", "OAuth"],
];

/** Nouns whose words are not their path's: `[singular, plural]`, by the path without parameters. */
const NOUNS: Readonly<Record<string, [string, string]>> = {
  "funding-accounts/banks": ["bank account", "bank accounts"],
  "classifications/chart-of-accounts": ["chart of accounts entry", "chart of accounts entries"],
  "oauth/apps": ["OAuth app", "OAuth apps"],
  "oauth-apps": ["OAuth app", "OAuth apps"],
  devkeys: ["developer key", "developer keys"],
};

/** Path segments that name an action on what precedes them, not a sub-resource. */
const ACTIONS = new Set([
  "archive",
  "restore",
  "cancel",
  "void",
  "verify",
  "email",
  "invite",
  "revoke",
  "lock",
  "unlock",
  "deactivate",
]);

/** Segments dropped from a noun: they group resources, they do not name one. */
const GROUPS = new Set(["classifications"]);

function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, "y");
  if (/(ss|x|ch|sh)es$/.test(word)) return word.replace(/es$/, "");
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

const words = (segment: string) => segment.split("-").filter(Boolean);
const capital = (word: string) => (word === "" ? word : word[0]!.toUpperCase() + word.slice(1));

/** `["chart of accounts entry"]` → `ChartOfAccountsEntry`; `OAuth` keeps its capitals. */
const pascal = (phrase: string) =>
  phrase
    .split(/[\s-]+/)
    .map((word) => (word.toLowerCase() === "oauth" ? "OAuth" : capital(word)))
    .join("");

const article = (noun: string) =>
  (/^[aeiou]/i.test(noun) && !/^u(s|ni)/i.test(noun)) || /^(MFA|OAuth)/.test(noun) ? "an" : "a";

interface Noun {
  one: string;
  many: string;
}

/** The noun a path names: its segments without parameters, prefixes made singular. */
function nounOf(segments: readonly string[]): Noun {
  const names = segments.filter((segment) => !segment.startsWith(":") && !GROUPS.has(segment));
  const known = NOUNS[segments.filter((segment) => !segment.startsWith(":")).join("/")];
  if (known) return { one: known[0], many: known[1] };
  const last = names.at(-1) ?? "";
  const prefix = names
    .slice(0, -1)
    .map((segment) => words(singular(segment)).join(" "))
    .join(" ");
  const join = (tail: string) => (prefix === "" ? tail : `${prefix} ${tail}`);
  return { one: join(words(singular(last)).join(" ")), many: join(words(last).join(" ")) };
}

const camel = (verb: string, noun: string) => verb + pascal(noun);

/** CRUD names from the shape of the path: a collection, one item, bulk, an action. */
function derived(method: string, segments: readonly string[]): { operationId: string; summary: string } {
  const rest = [...segments];
  let action: string | undefined;
  let bulk = false;
  let item = false;
  if (rest.length > 1 && ACTIONS.has(rest.at(-1) ?? "")) action = rest.pop();
  if (rest.at(-1) === "bulk") {
    bulk = true;
    rest.pop();
  }
  if (rest.at(-1)?.startsWith(":")) {
    item = true;
    rest.pop();
  }
  const noun = nounOf(rest);
  const last = rest.at(-1) ?? "";
  // `vendors/:id/bank-account`: one thing, not a collection.
  const singleton = !item && !bulk && rest.length > 1 && singular(last) === last;
  const one = `${article(noun.one)} ${noun.one}`;
  if (action) {
    const verb = capital(action);
    return bulk
      ? { operationId: camel(`bulk${verb}`, noun.many), summary: `${verb} ${noun.many} in bulk` }
      : { operationId: camel(action, noun.one), summary: `${verb} ${one}` };
  }
  const verbs: Record<string, [string, string]> = {
    GET: ["get", "Get"],
    POST: ["create", "Create"],
    PATCH: ["update", "Update"],
    PUT: ["replace", "Replace"],
    DELETE: ["delete", "Delete"],
  };
  const [id, word] = verbs[method] ?? [method.toLowerCase(), capital(method.toLowerCase())];
  if (bulk) return { operationId: camel(`bulk${word}`, noun.many), summary: `${word} ${noun.many} in bulk` };
  if (item || singleton) return { operationId: camel(id, noun.one), summary: `${word} ${one}` };
  if (method === "GET") return { operationId: camel("list", noun.many), summary: `List the ${noun.many}` };
  return { operationId: camel(id, noun.one), summary: `${word} ${one}` };
}

/** The names of a public operation (`url` as Fastify has it, `/connect/v3/vendors/:id`). */
export function publicOperationNames(method: string, url: string): OperationNames {
  const explicit = PUBLIC_NAMES[`${method} ${url}`] ?? {};
  let segments: string[];
  let tag: string;
  if (url.startsWith("/connect/v3/")) {
    segments = url.slice("/connect/v3/".length).split("/");
    tag = PUBLIC_TAG_BY_PREFIX.find(([prefix]) => segments[0] === prefix)?.[1] ?? "Sessions";
  } else if (url.startsWith("/api/v2/")) {
    segments = url.slice("/api/v2/".length).split("/");
    tag = "v2";
  } else {
    segments = url.split("/").filter(Boolean);
    tag = "OAuth";
  }
  const names = derived(method, segments);
  return {
    operationId: explicit.operationId ?? names.operationId,
    summary: explicit.summary ?? names.summary,
    tag: explicit.tag ?? tag,
  };
}

/** The names of an operator operation (`url` under /operator/v1, or `/metrics`). */
export function operatorOperationNames(method: string, url: string): OperationNames {
  if (url === "/metrics") {
    return { operationId: "getMetrics", summary: "Prometheus metrics (text format)", tag: "Metrics" };
  }
  const path = url.replace(/^\/operator\/v1/, "");
  const explicit = OPERATOR_NAMES[`${method} ${path}`] ?? {};
  const segments = path.split("/").filter(Boolean);
  const names = derived(method, segments);
  return {
    operationId: explicit.operationId ?? names.operationId,
    summary: explicit.summary ?? names.summary,
    tag: explicit.tag ?? OPERATOR_TAG_BY_SEGMENT[segments[0] ?? ""] ?? "Organizations",
  };
}
