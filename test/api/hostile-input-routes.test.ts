/**
 * Every route of the app under hostile input, property-based: the BILL API under /connect
 * (organization, partner, MFA, invitations), BILL's v2 under /api/v2 (form-encoded bodies, its
 * credentials as form fields, its envelope as the answer), the operator API, health, docs and
 * console.
 * Each route gets generated path parameters, query strings, bodies (plausible fields, any
 * JSON, non-JSON, empty, oversized) and header lists (devKey, sessionId, appKey,
 * organizationId, Authorization, Content-Type, X-Idempotent-Key: right, wrong, garbage, empty,
 * missing or duplicated), with and without a valid session. Every answer must be a success or
 * the spec's error array with a status from the one error table, never a 5xx, and a refused
 * request must not have written a row (row counts of every table that holds data unchanged).
 *
 * The routes come from the app itself (`registeredRoutes`): a route added without an entry
 * here fails the first test.
 */
import { request as httpRequest } from "node:http";
import Sqlite from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BillErrorEntry, errorParams } from "../../client/src/index.ts";
import {
  addConsoleOrganization,
  addConsoleUser,
  createConsole,
  createConsoleToken,
} from "../../src/auth/accounts/consoles.ts";
import { setOrganizationMfaRequired } from "../../src/auth/accounts/provisioning.ts";
import { createOAuthApp } from "../../src/auth/oauth/apps.ts";
import { ERROR_CODES } from "../../src/errors.ts";
import { V2_CODES } from "../../src/v2/entities/common.ts";
import { V2_ENTITIES } from "../../src/v2/entities/index.ts";
import {
  type Account,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";
import { latestToken, newPhone } from "../helpers/mfa-helpers.ts";
import {
  ADDRESS,
  invitationToken,
  type PartnerAccount,
  provisionPartner,
} from "../helpers/provisioning-helpers.ts";
import { bankAccountOf } from "../helpers/resource-helpers.ts";
import { TEST_VENDOR } from "../helpers/v2-helpers.ts";

const OPERATOR_TOKEN = "hostile-operator-token-0123456789";
/** Runs per route; about 70 routes. */
const RUNS = Number(process.env.BILLET_HOSTILE_RUNS || 40);

const STATUSES_BY_CODE = new Map<string, Set<number>>();
for (const { code, status } of Object.values(ERROR_CODES)) {
  STATUSES_BY_CODE.set(code, (STATUSES_BY_CODE.get(code) ?? new Set()).add(status));
}
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

/** Tables a refused request may legitimately write: counters, logs, remembered answers. */
const MAY_CHANGE_ON_REFUSAL = new Set([
  "audit_events", // every refusal is an audit line
  "limit_counters", // hourly budgets count refused requests too; lockout counts failures
  "idempotency_keys", // a 4xx answer to an idempotent create is remembered and replayed
]);

/**
 * What each route needs to be reached past its authentication; `v2`: an organization session
 * given as v2's form fields `devKey` and `sessionId`.
 */
type Auth = "org" | "partner" | "partnerOrg" | "operator" | "v2" | "none";

interface Fixture {
  account: Account;
  sessionId: string;
  /** A second member of the account's organization. */
  memberId: string;
  roleId: string;
  /** Ids of another organization (never visible). */
  foreign: Account;
  partner: PartnerAccount;
  partnerSessionId: string;
  partnerOrganizationId: string;
  partnerUserId: string;
  invitation: string;
  /** An open email change (its confirmation token) of the member. */
  emailChange: string;
  setupId: string;
  challengeId: string;
  rememberMeId: string;
  phone: string;
  /** A vendor of the account's organization, and one of the foreign organization. */
  vendorId: string;
  foreignVendorId: string;
  customerId: string;
  billId: string;
  billLineId: string;
  foreignCustomerId: string;
  invoiceId: string;
  invoiceLineId: string;
  creditMemoId: string;
  receivablePaymentId: string;
  /** A verified bank account of the organization, a scheduled payment, a vendor credit. */
  bankAccountId: string;
  paymentId: string;
  vendorCreditId: string;
  vendorCreditLineId: string;
  /** One record of each classification kind (by path), and the foreign organization's department. */
  classifications: Record<string, string>;
  foreignDepartmentId: string;
  /** A bill approval policy of the account's organization (the fixture bill waits on it). */
  policyId: string;
  /** A PENDING bank account of the foreign organization. */
  foreignBankAccountId: string;
  /** A console serving the account's organization, its user and a token (value and id). */
  consoleId: string;
  consoleUserId: string;
  consoleUsername: string;
  consoleToken: string;
  consoleTokenId: string;
  /** Another console, serving the foreign organization, and its token's id. */
  foreignConsoleId: string;
  foreignConsoleTokenId: string;
  /** An OAuth app of the account's organization (its secret), and one of the foreign organization. */
  oauthClientId: string;
  oauthClientSecret: string;
  foreignOAuthClientId: string;
}

type Make = (f: Fixture) => unknown;

interface RouteSpec {
  auth: Auth;
  /** Plausible values per body field. */
  body?: Record<string, Make[]>;
  /** Plausible values per path parameter. */
  params?: Record<string, Make[]>;
  /** Plausible values per query parameter. */
  query?: Record<string, Make[]>;
  /** The body is a JSON array of such objects (a bulk create). */
  bulk?: boolean;
  /**
   * The body is form-encoded (BILL's v2): each field a form field, objects as JSON text (v2's
   * `data`), arrays as the field repeated; the answer is v2's envelope.
   */
  form?: boolean;
  /**
   * BILL's token endpoint (`POST /authx/token`): a form body of RFC 6749's fields, HTTP Basic
   * client authentication sometimes; the answer is RFC 6749's JSON, not BILL's array.
   */
  oauth?: boolean;
}

const id = (prefix: string) => `${prefix}01AAAAAAAAAAAAAAA`;
const userParams = {
  userId: [
    (f: Fixture) => f.memberId,
    (f: Fixture) => f.account.userId,
    (f: Fixture) => f.foreign.userId,
    () => id("006"),
  ],
};
const partnerUserParams = {
  userId: [(f: Fixture) => f.partnerUserId, (f: Fixture) => f.memberId, () => id("006")],
};
const paging = {
  max: [() => "1", () => "100", () => "0", () => "101", () => "abc"],
  page: [() => "garbage", () => ""],
};
const userFields = {
  firstName: [() => "Ann", () => "x".repeat(101)],
  lastName: [() => "Lee", () => ""],
  email: [
    () => `u${Math.random().toString(36).slice(2)}@example.com`,
    (f: Fixture) => f.account.username,
    () => "not-an-email",
  ],
  roleId: [(f: Fixture) => f.roleId, () => id("0po")],
  acceptTermsOfService: [() => true, () => false],
};
const organizationFields = {
  name: [() => "Acme", () => "x".repeat(101)],
  phone: [() => "+15555550123"],
  address: [() => ADDRESS, () => ({ ...ADDRESS, city: "" }), () => ({ line1: 1 })],
  mailingAddress: [() => ADDRESS],
  industry: [() => "Retail", () => "x".repeat(501)],
  taxId: [() => "12-3456789"],
  taxIdType: [() => "EIN"],
  businessCategory: [() => "LLC"],
  accountType: [() => "BUSINESS"],
};
const vendorParams = {
  id: [(f: Fixture) => f.vendorId, (f: Fixture) => f.foreignVendorId, () => id("009"), () => "configuration"],
};
const vendorFields = {
  name: [() => "Acme", () => "", () => "x".repeat(101)],
  shortName: [() => "ACME", () => "x".repeat(41)],
  accountType: [() => "BUSINESS", () => "PERSON", () => "COMPANY"],
  email: [() => "ap@example.com", () => "not-an-email"],
  phone: [() => "9876543210"],
  address: [
    () => ({ line1: "1 Main St", city: "San Jose", zipOrPostalCode: "95002", country: "US" }),
    () => ({ country: "US", zipOrPostalCode: "ABC" }),
    () => ({ country: 1 }),
  ],
  paymentInformation: [
    () => ({
      payeeName: "Acme",
      bankAccount: { nameOnAccount: "A", accountNumber: "111222333", routingNumber: "074000010" },
    }),
    () => ({ bankAccount: { accountNumber: "1" } }),
  ],
  additionalInfo: [
    () => ({ taxId: "12-3456789", taxIdType: "EIN" }),
    () => ({ taxIdType: "EIN" }),
    () => ({ leadTimeInDays: -1 }),
  ],
  billCurrency: [() => "USD", () => "usd"],
  autoPay: [() => ({ enabled: true }), () => ({ enabled: false })],
};
const billParams = {
  id: [(f: Fixture) => f.billId, (f: Fixture) => f.vendorId, () => id("00n")],
};
const billFields = {
  vendorId: [(f: Fixture) => f.vendorId, (f: Fixture) => f.foreignVendorId, () => id("009")],
  dueDate: [() => "2026-12-31", () => "2026-02-30", () => "tomorrow"],
  invoice: [() => ({ invoiceNumber: "INV-1", invoiceDate: "2026-12-01" }), () => ({ invoiceNumber: "" })],
  billLineItems: [
    () => [{ amount: 10.5, description: "Strings" }],
    () => [{ quantity: 2, price: 3.333 }],
    (f: Fixture) => [{ id: f.billLineId, amount: 7 }],
    () => [{ amount: 1.005 }],
    () => [],
    () => [{ amount: -5 }],
  ],
  exchangeRate: [() => 1, () => 0],
};
const policyParams = {
  policyId: [(f: Fixture) => f.policyId, (f: Fixture) => f.billId, () => id("apl"), () => "x"],
};
const policyFields = {
  policyName: [() => "Bills >= $10", () => "", () => "x".repeat(101)],
  rules: [
    () => [{ key: "BILL_AMOUNT", op: "gte", values: ["10"] }],
    (f: Fixture) => [{ key: "VENDOR_ID", op: "in", values: [f.vendorId, f.foreignVendorId] }],
    () => [{ key: "BILL_AMOUNT", op: "in", values: ["1.005", 7] }],
    () => [{ key: "COLOR", op: "eq" }],
    () => [],
  ],
  approvers: [
    (f: Fixture) => [f.account.userId],
    (f: Fixture) => [f.memberId, f.foreign.userId],
    () => [id("006"), id("006")],
    () => "006",
  ],
};
const actionFields = {
  billId: [(f: Fixture) => f.billId, (f: Fixture) => f.vendorId, () => id("00n"), () => 7],
  action: [() => "APPROVE", () => "DENY", () => "MAYBE"],
  comment: [() => "OK", () => "x".repeat(4001)],
};
const customerParams = {
  id: [(f: Fixture) => f.customerId, (f: Fixture) => f.vendorId, () => id("0cu")],
};
const customerFields = {
  name: [() => "Paperless Band", () => ""],
  email: [() => "pay@example.com", () => "nope"],
  invoiceCurrency: [() => "USD", () => "dollars"],
  contact: [() => ({ firstName: "Check" }), () => ({ firstName: 7 })],
  accountType: [() => "PERSON", () => "ROBOT"],
  billingAddress: [
    () => ({ country: "US", zipOrPostalCode: "95002" }),
    () => ({ country: "US", stateOrProvince: "Cal" }),
  ],
  description: [() => "x".repeat(4001)],
};
const invoiceParams = {
  id: [(f: Fixture) => f.invoiceId, (f: Fixture) => f.customerId, () => id("00e")],
};
const invoiceFields = {
  customer: [
    (f: Fixture) => ({ id: f.customerId }),
    (f: Fixture) => ({ id: f.foreignCustomerId }),
    () => ({}),
  ],
  invoiceLineItems: [
    () => [{ quantity: 2, price: 14.99, description: "Sticks" }],
    (f: Fixture) => [{ id: f.invoiceLineId, amount: 7 }],
    () => [{ amount: 1.005 }],
    () => [],
    () => [{ amount: -5 }],
  ],
  invoiceNumber: [() => "INV-1", () => ""],
  dueDate: [() => "2026-12-31", () => "2026-02-30"],
  creditAmount: [() => 0, () => 5, () => -1],
  processingOptions: [() => ({ sendEmail: false }), () => ({ sendEmail: "yes" })],
};
const recordPaymentFields = {
  amount: [() => "100", () => 5, () => "1.001", () => 0, () => "ten"],
  customerId: [(f: Fixture) => f.customerId, (f: Fixture) => f.foreignCustomerId, () => id("0cu")],
  invoices: [
    (f: Fixture) => [{ id: f.invoiceId, amount: "5" }],
    (f: Fixture) => [{ id: f.invoiceId, amount: 1e9 }],
    (f: Fixture) => [
      { id: f.invoiceId, amount: 1 },
      { id: f.invoiceId, amount: 1 },
    ],
    () => [{ id: id("00e"), amount: 1 }],
    () => [],
  ],
  paymentDate: [() => "2026-12-20", () => "2026-13-01"],
  paymentType: [() => "CHECK", () => "BITCOIN"],
  description: [() => "x".repeat(4001)],
};
const emailFields = {
  recipient: [() => ({ to: ["a@example.com"] }), () => ({ to: [] }), () => ({ to: ["nope"] })],
  replyTo: [(f: Fixture) => ({ userId: f.account.userId }), () => ({ userId: id("006") })],
};
const paymentLinkFields = {
  customerId: [(f: Fixture) => f.customerId, (f: Fixture) => f.foreignCustomerId],
  email: [() => "pay@example.com", () => "nope"],
  returnUrl: [() => "https://example.com/done", () => "javascript:alert(1)"],
};
const creditMemoParams = {
  id: [(f: Fixture) => f.creditMemoId, (f: Fixture) => f.invoiceId, () => id("ccr")],
};
const creditMemoIds = {
  ids: [
    (f: Fixture) => f.creditMemoId,
    (f: Fixture) => `${f.creditMemoId},${id("ccr")}`,
    (f: Fixture) => f.invoiceId,
    () => "",
  ],
};
const creditMemoFields = {
  customerId: [(f: Fixture) => f.customerId, (f: Fixture) => f.foreignCustomerId, () => id("0cu")],
  referenceNumber: [() => "CM-1", () => ""],
  creditDate: [() => "2026-12-28", () => "2026-02-30"],
  creditMemoLineItems: [
    () => [{ price: 14.99, quantity: 2 }, { ratePercent: -10 }],
    () => [{ price: 1, ratePercent: 5 }],
    () => [{ description: "nothing" }],
    () => [],
  ],
  payToBankAccountId: [() => id("bac"), () => "bac"],
};
const resourceListQuery = {
  ...paging,
  filters: [
    () => 'name:sw:"Ac"',
    () => "archived:eq:false,createdTime:gte:2026-01-01",
    () => 'accountType:in:"BUSINESS,NONE"',
    () => "nickname:eq:x",
    () => 'name:eq:"open',
    () => "createdTime:gt:2026-02-31",
  ],
  sort: [() => "name:asc", () => "createdTime:desc,name", () => "balance:asc", () => "name:up"],
};
const paymentParams = {
  id: [(f: Fixture) => f.paymentId, (f: Fixture) => f.billId, () => id("stp")],
};
const fundingAccounts = [
  (f: Fixture) => ({ type: "BANK_ACCOUNT", id: f.bankAccountId }),
  () => ({ type: "BANK_ACCOUNT", id: id("bac") }),
  () => ({ type: "BANK_ACCOUNT" }),
  () => ({ type: "WALLET" }),
  () => ({ type: 1 }),
];
const processDates = [() => "2026-12-01", () => "2026-11-01", () => "2026-02-30", () => "soon"];
const billPaymentLines = [
  (f: Fixture) => [{ billId: f.billId, amount: 0.01 }],
  (f: Fixture) => [{ billId: f.billId, amount: 1e6 }],
  (f: Fixture) => [
    { billId: f.billId, amount: 0.01, vendorCredits: [{ id: f.vendorCreditId, amount: 0.01 }] },
  ],
  () => [{ billId: id("00n"), amount: 1 }],
  () => [{}],
  () => [],
];
const paymentFields = {
  vendorId: [(f: Fixture) => f.vendorId, (f: Fixture) => f.foreignVendorId, () => "x"],
  billId: [(f: Fixture) => f.billId, () => id("00n"), () => 7],
  processDate: processDates,
  fundingAccount: fundingAccounts,
  amount: [() => 0.01, () => 1.005, () => -1, () => 1e13, () => "1"],
  processingOptions: [() => ({ createBill: true }), () => ({ requestCheckDeliveryType: "PIGEON" })],
  vendorCredits: [
    (f: Fixture) => [{ id: f.vendorCreditId, amount: 0.01 }],
    (f: Fixture) => [{ id: f.vendorCreditId, amount: 1e6 }],
    () => [{ id: id("vcr"), amount: 1 }],
    () => "x",
  ],
  description: [() => "x".repeat(71)],
};
const vendorCreditParams = {
  id: [(f: Fixture) => f.vendorCreditId, (f: Fixture) => f.vendorId, () => id("vcr")],
};
const vendorCreditFields = {
  vendorId: [(f: Fixture) => f.vendorId, (f: Fixture) => f.foreignVendorId, () => id("009")],
  referenceNumber: [() => "VC-1", () => ""],
  creditDate: [() => "2026-12-28", () => "2026-13-01"],
  vendorCreditLineItems: [
    () => [{ amount: 5, description: "Picks" }],
    (f: Fixture) => [{ id: f.vendorCreditLineId, amount: 7 }],
    () => [{ amount: 1.001 }],
    () => [{ amount: -5 }],
    () => [],
  ],
  description: [() => "x".repeat(4001)],
};
const vendorCreditBulkChange = { id: vendorCreditParams.id, ...vendorCreditFields };
const vendorCreditIds = {
  ids: [
    (f: Fixture) => f.vendorCreditId,
    (f: Fixture) => `${f.vendorCreditId},${id("vcr")}`,
    () => "",
    () => "x",
  ],
};
/** The seven classifications (docs/bill-v3-resources.md 7): path, id prefix, plausible fields. */
const named = {
  name: [() => "Sales", () => "", () => "x".repeat(101), () => 7],
  shortName: [() => "S", () => "x".repeat(41)],
  description: [() => "Prepaid", () => "x".repeat(4001)],
};
const CLASSIFICATION_KINDS: [string, string, Record<string, Make[]>][] = [
  [
    "chart-of-accounts",
    "0ca",
    {
      ...named,
      account: [
        () => ({ type: "EXPENSE", number: "1-020" }),
        () => ({ type: "SAVINGS" }),
        () => ({ number: 1 }),
        () => "EXPENSE",
      ],
    },
  ],
  ["accounting-classes", "cls", named],
  ["departments", "0de", named],
  [
    "employees",
    "emp",
    {
      firstName: [() => "James", () => "", () => "x".repeat(101)],
      lastName: [() => "Milner", () => ""],
      shortName: [() => "JM"],
    },
  ],
  [
    "items",
    "0ii",
    {
      ...named,
      type: [() => "SALES_TAX", () => "SERVICE", () => "GADGET"],
      percentage: [() => 3, () => 101, () => -1],
      price: [() => 12.5, () => "12"],
      taxable: [() => true, () => "yes"],
      chartOfAccountId: [
        (f: Fixture) => f.classifications["chart-of-accounts"],
        () => id("0ca"),
        () => id("0cx"),
      ],
    },
  ],
  ["jobs", "job", named],
  ["locations", "loc", named],
];

function classificationRoutes(): Record<string, RouteSpec> {
  const routes: Record<string, RouteSpec> = {};
  for (const [path, prefix, fields] of CLASSIFICATION_KINDS) {
    const base = `/connect/v3/classifications/${path}`;
    const own = (f: Fixture) => f.classifications[path] ?? "";
    const params = { id: [own, (f: Fixture) => f.foreignDepartmentId, () => id(prefix), () => "bulk"] };
    const body = {
      ...fields,
      parentId: [own, () => id(prefix), (f: Fixture) => f.foreignDepartmentId, () => "nope"],
    };
    const ids = {
      ids: [
        own,
        (f: Fixture) => `${own(f)},${id(prefix)}`,
        (f: Fixture) => f.foreignDepartmentId,
        () => "",
        () => ",,",
        () => Array.from({ length: 51 }, () => id(prefix)).join(","),
      ],
    };
    Object.assign(routes, {
      [`GET ${base}`]: {
        auth: "org",
        query: {
          ...paging,
          filters: [
            () => 'name:sw:"Sa"',
            (f: Fixture) => `parentId:eq:"${own(f)}"`,
            () => "archived:eq:true",
            () => "vendorId:eq:x",
          ],
          sort: [() => "createdTime:desc", () => "name:asc", () => "amount"],
        },
      },
      [`POST ${base}`]: { auth: "org", body },
      [`POST ${base}/bulk`]: { auth: "org", body, bulk: true },
      [`PATCH ${base}/bulk`]: {
        auth: "org",
        body: { id: [own, () => id(prefix), (f: Fixture) => f.foreignDepartmentId, () => 7], ...body },
        bulk: true,
      },
      [`POST ${base}/bulk/archive`]: { auth: "org", query: ids },
      [`POST ${base}/bulk/restore`]: { auth: "org", query: ids },
      [`GET ${base}/:id`]: { auth: "org", params },
      [`PATCH ${base}/:id`]: { auth: "org", params, body },
      [`POST ${base}/:id/archive`]: { auth: "org", params },
      [`POST ${base}/:id/restore`]: { auth: "org", params },
    });
  }
  return routes;
}

const bankParams = {
  id: [
    (f: Fixture) => f.bankAccountId,
    (f: Fixture) => f.foreignBankAccountId,
    () => id("bac"),
    () => "users",
  ],
};
const bankFields = {
  nameOnAccount: [() => "Agatha Ffringe", () => "", () => "x".repeat(101)],
  routingNumber: [() => "074000010", () => "074000011", () => "1"],
  accountNumber: [() => "111222333", () => "12ab"],
  type: [() => "CHECKING", () => "BROKERAGE"],
  ownerType: [() => "BUSINESS", () => "PERSON"],
  bankName: [() => "Chase", () => "x".repeat(101)],
  accessToAdmins: [() => true, () => "yes"],
  default: [() => ({ payables: true }), () => ({ payables: "no" })],
  chartOfAccountId: [() => id("0ca"), () => "0ca"],
};
const vendorBankFields = {
  nameOnAccount: [() => "Bill Vendorson", () => ""],
  accountNumber: [() => "111222333", () => "1"],
  routingNumber: [() => "074000010", () => "074000011"],
  type: [() => "CHECKING", () => "BROKERAGE"],
  ownerType: [() => "BUSINESS", () => "PERSON"],
  paymentCurrency: [() => "USD", () => "usd"],
};
const opId = {
  id: [(f: Fixture) => f.account.organizationId, (f: Fixture) => f.foreign.organizationId, () => id("008")],
};
const opConsoleId = {
  id: [(f: Fixture) => f.consoleId, (f: Fixture) => f.foreignConsoleId, () => id("0cn"), () => "x"],
};
const opUserId = { id: [(f: Fixture) => f.memberId, (f: Fixture) => f.foreign.userId, () => id("006")] };

/** v2 List `data`: plausible queries, wrong ones, and text that is not JSON. */
const v2ListData: Make[] = [
  () => ({ start: 0, max: 10 }),
  () => ({ filters: [{ field: "name", op: "sw", value: "Fix" }], sort: [{ field: "name", asc: "true" }] }),
  () => ({ filters: [{ field: "isActive", op: "=", value: "1" }] }),
  () => ({ filters: [{ field: "createdTime", op: ">=", value: "2026-11-01T00:00:00.000+0000" }] }),
  () => ({ max: 1000 }),
  () => ({ start: -1, max: "x" }),
  () => ({ filters: [{ field: "nickname", op: "~" }], sort: "name" }),
  () => ({ filters: [{ field: "name", op: "in", value: [1, { a: 2 }, "a,b"] }] }),
  () => "not json",
  () => "[]",
];
/** v2 Crud `data`: an id (this organization's, another's, none), an object, or garbage. */
const v2CrudData: Make[] = [
  (f) => ({ id: f.vendorId }),
  (f) => ({ id: f.foreignVendorId }),
  () => ({ obj: { entity: "Vendor", name: "Hostile vendor" } }),
  (f) => ({ obj: { entity: "Vendor", id: f.vendorId, name: "Renamed" } }),
  (f) => ({ obj: { entity: "Vendor", id: f.foreignVendorId, name: "Stolen" } }),
  () => ({ obj: { entity: "Bill", name: "x" } }),
  () => ({ obj: { name: "x".repeat(101) } }),
  () => ({ id: 7, obj: [] }),
  () => ({}),
  () => "{",
];

const ROUTES: Record<string, RouteSpec> = {
  "GET /docs": { auth: "none" },
  // swagger-ui's own routes (static files, json, yaml), made at the first request (openapi.ts).
  "GET /docs/*": {
    auth: "none",
    params: {
      "*": [
        () => "static/index.css",
        () => "static/swagger-initializer.js",
        () => "json",
        () => "yaml",
        () => "static/../../package.json",
        () => "nothing-here",
      ],
    },
  },
  "GET /connect/openapi.json": { auth: "none" },
  "GET /docs/operator.json": { auth: "none" },
  "GET /": { auth: "none" },
  "GET /metrics": { auth: "operator" },
  "GET /console": { auth: "none" },
  "GET /console/index.html": { auth: "none" },
  "GET /console/app.js": { auth: "none" },
  "GET /console/style.css": { auth: "none" },
  "GET /health/live": { auth: "none" },
  "GET /health/ready": { auth: "none" },
  "GET /connect/v3/health": { auth: "none" },

  "POST /api/v2/Login.json": {
    auth: "none",
    form: true,
    body: {
      userName: [(f) => f.account.username, (f) => f.foreign.username],
      password: [(f) => f.account.password, () => "wrong"],
      orgId: [(f) => f.account.organizationId, (f) => f.foreign.organizationId, () => "008"],
      devKey: [(f) => f.account.devKey, (f) => f.foreign.devKey],
      mfaId: [(f) => f.rememberMeId],
      deviceId: [() => "laptop"],
      username: [(f) => f.account.username],
    },
  },
  "POST /api/v2/Logout.json": { auth: "v2", form: true },
  "POST /api/v2/GetSessionInfo.json": { auth: "v2", form: true },
  "POST /api/v2/List/:entity.json": {
    auth: "v2",
    form: true,
    params: { entity: [() => "Vendor", () => "Bill", () => "Nope", () => "vendor"] },
    body: { data: v2ListData },
  },
  "POST /api/v2/Crud/:operation/:entity.json": {
    auth: "v2",
    form: true,
    params: {
      operation: [
        () => "Read",
        () => "Create",
        () => "Update",
        () => "Delete",
        () => "Undelete",
        () => "Destroy",
      ],
      entity: [() => "Vendor", () => "Bill", () => "Nope"],
    },
    body: { data: v2CrudData },
  },
  "POST /api/v2/PayBills.json": {
    auth: "v2",
    form: true,
    body: {
      data: [
        (f) => ({
          vendorId: f.vendorId,
          bankAccountId: f.bankAccountId,
          processDate: "2026-12-02",
          billPays: [{ billId: f.billId, amount: 1 }],
        }),
        (f) => ({ vendorId: f.foreignVendorId, billPays: [{ billId: f.billId, amount: -1 }] }),
        () => ({ billPays: "all" }),
        () => "{",
      ],
    },
  },
  "POST /connect/v3/login": {
    auth: "none",
    body: {
      username: [(f) => f.account.username, (f) => f.consoleUsername],
      password: [(f) => f.account.password],
      consoleApiToken: [(f) => f.consoleToken, () => "x".repeat(43), () => 7],
      organizationId: [(f) => f.account.organizationId, (f) => f.foreign.organizationId, () => "008"],
      devKey: [(f) => f.account.devKey],
      rememberMeId: [(f) => f.rememberMeId],
      device: [() => "laptop"],
    },
  },
  "GET /connect/v3/login/session": { auth: "org" },
  "GET /connect/v3/login/organizations": { auth: "org", query: paging },
  "POST /connect/v3/logout": { auth: "org" },

  "POST /authx/token": {
    auth: "none",
    oauth: true,
    body: {
      grant_type: [() => "client_credentials", () => "password", () => ""],
      client_id: [(f) => f.oauthClientId, (f) => f.foreignOAuthClientId, () => id("0oa"), () => "x:y"],
      client_secret: [(f) => f.oauthClientSecret, () => "wrong"],
      scope: [() => "accounting", () => "full", () => "accounting full"],
    },
  },
  "POST /connect/v3/oauth/apps": {
    auth: "org",
    body: {
      name: [() => "ERP sync", () => "", () => "x".repeat(101)],
      scope: [() => "accounting", () => "full", () => "FULL_ACCESS"],
    },
  },
  "GET /connect/v3/oauth/apps": { auth: "org", query: paging },
  "DELETE /connect/v3/oauth/apps/:id": {
    auth: "org",
    params: { id: [(f) => f.oauthClientId, (f) => f.foreignOAuthClientId, () => id("0oa"), () => "0dk"] },
  },

  "POST /connect/v3/mfa/setup": {
    auth: "org",
    body: {
      phone: [() => newPhone(), () => "+0123"],
      type: [() => "TEXT", () => "VOICE", () => "SMS"],
      primary: [() => true, () => false],
    },
  },
  "POST /connect/v3/mfa/validate": {
    auth: "org",
    body: {
      setupId: [(f) => f.setupId, () => id("0ms")],
      type: [() => "TEXT"],
      token: [() => "123456", () => "12"],
    },
  },
  "POST /connect/v3/mfa/setup/validate": {
    auth: "org",
    body: {
      setupId: [(f) => f.setupId, () => id("0ms")],
      type: [() => "TEXT"],
      token: [() => "123456", () => "12"],
    },
  },
  "GET /connect/v3/mfa/phones": { auth: "org" },
  "POST /connect/v3/mfa/challenge": {
    auth: "org",
    body: { useBackup: [() => false, () => true, () => "false", () => "true"] },
  },
  "POST /connect/v3/mfa/challenge/validate": {
    auth: "org",
    body: {
      challengeId: [(f) => f.challengeId, () => id("0mc")],
      token: [() => "123456"],
      device: [() => "laptop"],
      machineName: [() => "mbp"],
      rememberMe: [() => true, () => false],
    },
  },
  "POST /connect/v3/mfa/step-up": {
    auth: "org",
    body: {
      rememberMeId: [(f) => f.rememberMeId, () => "x".repeat(43)],
      device: [() => "laptop", () => "other"],
    },
  },

  "GET /connect/v3/organizations/:organizationId": {
    auth: "org",
    params: {
      organizationId: [(f) => f.account.organizationId, (f) => f.foreign.organizationId, () => "008"],
    },
  },
  "PATCH /connect/v3/organizations/:organizationId": {
    auth: "org",
    params: { organizationId: [(f) => f.account.organizationId, (f) => f.foreign.organizationId] },
    body: organizationFields,
  },
  "GET /connect/v3/users": {
    auth: "org",
    query: {
      ...paging,
      filters: [() => "archived:eq:false", () => 'role.type:in:"CLERK,OWNER"', () => "password:eq:x"],
      sort: [() => "lastName:desc,email", () => "role.type"],
    },
  },
  "POST /connect/v3/users": { auth: "org", body: userFields },
  "GET /connect/v3/users/:userId": { auth: "org", params: userParams },
  "PATCH /connect/v3/users/:userId": { auth: "org", params: userParams, body: userFields },
  "POST /connect/v3/users/:userId/invite": { auth: "org", params: userParams },
  "POST /connect/v3/users/:userId/archive": { auth: "org", params: userParams },
  "POST /connect/v3/users/:userId/restore": { auth: "org", params: userParams },
  "GET /connect/v3/roles": { auth: "org", query: paging },
  "GET /connect/v3/sync-tokens": { auth: "org", query: paging },
  "POST /connect/v3/sync-tokens": {
    auth: "org",
    body: { name: [() => `sync ${Math.random().toString(36).slice(2)}`, () => "a@b", () => "x".repeat(101)] },
  },
  "DELETE /connect/v3/sync-tokens/:id": { auth: "org", params: { id: [() => id("0sy"), () => "0sy"] } },
  "GET /connect/v3/vendors": { auth: "org", query: resourceListQuery },
  "POST /connect/v3/vendors": { auth: "org", body: vendorFields },
  "POST /connect/v3/vendors/bulk": { auth: "org", body: vendorFields, bulk: true },
  "GET /connect/v3/vendors/:id": { auth: "org", params: vendorParams },
  "PATCH /connect/v3/vendors/:id": { auth: "org", params: vendorParams, body: vendorFields },
  "POST /connect/v3/vendors/:id/archive": { auth: "org", params: vendorParams },
  "POST /connect/v3/vendors/:id/restore": { auth: "org", params: vendorParams },
  "GET /connect/v3/bills": {
    auth: "org",
    query: {
      ...paging,
      filters: [(f) => `vendorId:eq:${f.vendorId}`, () => "dueDate:gte:2026-01-01", () => "amount:gt:1"],
      sort: [() => "dueDate:desc", () => "amount"],
    },
  },
  "POST /connect/v3/bills": { auth: "org", body: billFields },
  "POST /connect/v3/bills/bulk": { auth: "org", body: billFields, bulk: true },
  "GET /connect/v3/bills/:id": { auth: "org", params: billParams },
  "PUT /connect/v3/bills/:id": { auth: "org", params: billParams, body: billFields },
  "PATCH /connect/v3/bills/:id": { auth: "org", params: billParams, body: billFields },
  "POST /connect/v3/bills/:id/archive": { auth: "org", params: billParams },
  "POST /connect/v3/bills/:id/restore": { auth: "org", params: billParams },
  "GET /connect/v3/bill-approvals/policies": { auth: "org" },
  "POST /connect/v3/bill-approvals/policies": { auth: "org", body: policyFields },
  "PUT /connect/v3/bill-approvals/policies/:policyId": {
    auth: "org",
    params: policyParams,
    body: policyFields,
  },
  "DELETE /connect/v3/bill-approvals/policies/:policyId": { auth: "org", params: policyParams },
  "GET /connect/v3/bill-approvals/pending-user-approvals": { auth: "org", query: paging },
  "POST /connect/v3/bill-approvals/actions": { auth: "org", body: actionFields, bulk: true },
  "GET /connect/v3/customers": { auth: "org", query: resourceListQuery },
  "POST /connect/v3/customers": { auth: "org", body: customerFields },
  "GET /connect/v3/customers/:id": { auth: "org", params: customerParams },
  "PATCH /connect/v3/customers/:id": { auth: "org", params: customerParams, body: customerFields },
  "POST /connect/v3/customers/:id/archive": { auth: "org", params: customerParams },
  "POST /connect/v3/customers/:id/restore": { auth: "org", params: customerParams },
  "GET /connect/v3/invoices": {
    auth: "org",
    query: {
      ...paging,
      filters: [(f) => `customerId:eq:${f.customerId}`, () => 'status:in:"OPEN,PAID"', () => "amount:gt:1"],
      sort: [() => "dueDate:desc", () => "customerId"],
    },
  },
  "POST /connect/v3/invoices": { auth: "org", body: invoiceFields },
  "GET /connect/v3/invoices/:id": { auth: "org", params: invoiceParams },
  "PUT /connect/v3/invoices/:id": { auth: "org", params: invoiceParams, body: invoiceFields },
  "PATCH /connect/v3/invoices/:id": { auth: "org", params: invoiceParams, body: invoiceFields },
  "POST /connect/v3/invoices/:id/archive": { auth: "org", params: invoiceParams },
  "POST /connect/v3/invoices/:id/restore": { auth: "org", params: invoiceParams },
  "POST /connect/v3/invoices/record-payment": { auth: "org", body: recordPaymentFields },
  "POST /connect/v3/invoices/:id/email": { auth: "org", params: invoiceParams, body: emailFields },
  "POST /connect/v3/invoices/:id/payment-link": {
    auth: "org",
    params: invoiceParams,
    body: paymentLinkFields,
  },
  "GET /connect/v3/receivable-payments": { auth: "org", query: resourceListQuery },
  "GET /connect/v3/receivable-payments/:id": {
    auth: "org",
    params: { id: [(f) => f.receivablePaymentId, (f) => f.invoiceId, () => id("0rp")] },
  },
  "GET /connect/v3/credit-memos": { auth: "org", query: resourceListQuery },
  "POST /connect/v3/credit-memos": { auth: "org", body: creditMemoFields },
  "POST /connect/v3/credit-memos/bulk": { auth: "org", body: creditMemoFields, bulk: true },
  "PATCH /connect/v3/credit-memos/bulk": {
    auth: "org",
    body: { id: [(f) => f.creditMemoId, (f) => f.invoiceId, () => id("ccr"), () => 7], ...creditMemoFields },
    bulk: true,
  },
  "PUT /connect/v3/credit-memos/bulk": {
    auth: "org",
    body: { id: [(f) => f.creditMemoId, () => id("ccr")], ...creditMemoFields },
    bulk: true,
  },
  "POST /connect/v3/credit-memos/bulk/archive": { auth: "org", query: creditMemoIds },
  "POST /connect/v3/credit-memos/bulk/restore": { auth: "org", query: creditMemoIds },
  "GET /connect/v3/credit-memos/:id": { auth: "org", params: creditMemoParams },
  "PUT /connect/v3/credit-memos/:id": { auth: "org", params: creditMemoParams, body: creditMemoFields },
  "PATCH /connect/v3/credit-memos/:id": { auth: "org", params: creditMemoParams, body: creditMemoFields },
  "POST /connect/v3/credit-memos/:id/archive": { auth: "org", params: creditMemoParams },
  "POST /connect/v3/credit-memos/:id/restore": { auth: "org", params: creditMemoParams },
  "GET /connect/v3/payments": {
    auth: "org",
    query: {
      ...paging,
      filters: [
        () => "status:eq:PAID",
        () => "status:eq:LOST",
        () => "processDate:gte:2026-01-01",
        () => "amount:gt:1",
      ],
      sort: [() => "processDate:desc", () => "status:asc"],
    },
  },
  "POST /connect/v3/payments": { auth: "org", body: paymentFields },
  "POST /connect/v3/payments/bulk": {
    auth: "org",
    body: {
      processDate: processDates,
      fundingAccount: fundingAccounts,
      payments: billPaymentLines,
      vendorId: paymentFields.vendorId,
    },
  },
  "GET /connect/v3/payments/options": {
    auth: "org",
    query: {
      vendorId: [(f) => f.vendorId, (f) => f.foreignVendorId, () => "x"],
      amount: [() => "100", () => "-1", () => "1e3", () => "", () => "0.001"],
    },
  },
  "GET /connect/v3/payments/:id": { auth: "org", params: paymentParams },
  "POST /connect/v3/payments/:id/cancel": { auth: "org", params: paymentParams },
  "POST /connect/v3/payments/:id/void": {
    auth: "org",
    params: paymentParams,
    body: { reason: [() => "Duplicate", () => "x".repeat(501)], type: [() => "VOID_ONLY", () => "SHRED"] },
  },
  "POST /connect/v3/bills/record-payment": {
    auth: "org",
    body: {
      vendorId: paymentFields.vendorId,
      processDate: processDates,
      toPrintCheck: [() => false, () => "no"],
      payments: billPaymentLines,
    },
  },
  "GET /connect/v3/vendor-credits": { auth: "org", query: resourceListQuery },
  "POST /connect/v3/vendor-credits": { auth: "org", body: vendorCreditFields },
  "POST /connect/v3/vendor-credits/bulk": { auth: "org", body: vendorCreditFields, bulk: true },
  "PATCH /connect/v3/vendor-credits/bulk": { auth: "org", body: vendorCreditBulkChange, bulk: true },
  "PUT /connect/v3/vendor-credits/bulk": { auth: "org", body: vendorCreditBulkChange, bulk: true },
  "POST /connect/v3/vendor-credits/bulk/archive": { auth: "org", query: vendorCreditIds },
  "GET /connect/v3/vendor-credits/:id": { auth: "org", params: vendorCreditParams },
  "PUT /connect/v3/vendor-credits/:id": { auth: "org", params: vendorCreditParams, body: vendorCreditFields },
  "PATCH /connect/v3/vendor-credits/:id": {
    auth: "org",
    params: vendorCreditParams,
    body: vendorCreditFields,
  },
  "POST /connect/v3/vendor-credits/:id/archive": { auth: "org", params: vendorCreditParams },
  "GET /connect/v3/vendors/:id/bank-account": { auth: "org", params: vendorParams },
  "POST /connect/v3/vendors/:id/bank-account": { auth: "org", params: vendorParams, body: vendorBankFields },
  "DELETE /connect/v3/vendors/:id/bank-account": { auth: "org", params: vendorParams },
  "GET /connect/v3/vendors/:id/configuration": { auth: "org", params: vendorParams },
  "GET /connect/v3/vendors/configuration/international-payments": {
    auth: "org",
    query: {
      country: [() => "DK", () => "US", () => "XX"],
      billCurrency: [() => "EUR", () => "eur"],
      accountType: [() => "BUSINESS", () => "COMPANY"],
    },
  },
  "GET /connect/v3/funding-accounts/banks": {
    auth: "org",
    query: {
      ...paging,
      filters: [() => "status:eq:VERIFIED", () => 'type:in:"CHECKING"', () => "accountNumber:eq:1"],
      sort: [() => "nameOnAccount:desc", () => "status"],
    },
  },
  "POST /connect/v3/funding-accounts/banks": { auth: "org", body: bankFields },
  "GET /connect/v3/funding-accounts/banks/:id": { auth: "org", params: bankParams },
  "PATCH /connect/v3/funding-accounts/banks/:id": { auth: "org", params: bankParams, body: bankFields },
  "POST /connect/v3/funding-accounts/banks/:id/archive": { auth: "org", params: bankParams },
  "POST /connect/v3/funding-accounts/banks/:id/verify": {
    auth: "org",
    params: bankParams,
    body: { depositAmount: [() => 0.5, () => 0.49, () => 0.505, () => 5, () => "0.50"] },
  },
  "GET /connect/v3/roles/:roleId": { auth: "org", params: { roleId: [(f) => f.roleId, () => id("0po")] } },
  ...classificationRoutes(),
  "GET /connect/v3/organizations/industries": { auth: "org" },

  "GET /connect/v3/partner/users": { auth: "partnerOrg", query: paging },
  "POST /connect/v3/partner/users": {
    auth: "partnerOrg",
    body: {
      ...userFields,
      username: [() => "user-name", () => "x".repeat(41)],
      externalReferenceId: [() => "ext-1"],
    },
  },
  "GET /connect/v3/partner/users/:userId": { auth: "partnerOrg", params: partnerUserParams },
  "PATCH /connect/v3/partner/users/:userId": {
    auth: "partnerOrg",
    params: partnerUserParams,
    body: userFields,
  },
  "POST /connect/v3/partner/users/:userId/invite": { auth: "partnerOrg", params: partnerUserParams },
  "POST /connect/v3/partner/users/:userId/archive": { auth: "partnerOrg", params: partnerUserParams },
  "POST /connect/v3/partner/users/:userId/restore": { auth: "partnerOrg", params: partnerUserParams },
  "GET /connect/v3/partner/roles": { auth: "partnerOrg", query: paging },
  "GET /connect/v3/partner/roles/:roleId": { auth: "partnerOrg", params: { roleId: [() => id("0po")] } },
  "POST /connect/v3/partner/login": {
    auth: "none",
    body: {
      appKey: [(f) => f.partner.appKey],
      username: [(f) => f.partner.username],
      password: [(f) => f.partner.password],
    },
  },
  "POST /connect/v3/partner/organizations": { auth: "partner", body: organizationFields },
  "GET /connect/v3/partner/organizations": { auth: "partner", query: paging },
  "POST /connect/v3/partner/login-as-user": {
    auth: "partner",
    body: {
      userId: [(f) => f.partnerUserId, (f) => f.account.userId],
      organizationId: [(f) => f.partnerOrganizationId, (f) => f.account.organizationId],
      rememberMeId: [() => "x".repeat(43)],
      device: [() => "laptop"],
    },
  },
  "POST /connect/v3/invitations/accept": {
    auth: "none",
    body: {
      token: [(f) => f.invitation, () => "x".repeat(43)],
      password: [() => "a new password", () => "", () => "short"],
    },
  },
  "POST /connect/v3/email-changes/confirm": {
    auth: "none",
    body: {
      token: [(f) => f.emailChange, () => "x".repeat(43)],
      password: [() => "a new password", (f) => f.account.password, () => ""],
    },
  },

  "GET /operator/v1/organizations": { auth: "operator" },
  "POST /operator/v1/organizations": { auth: "operator", body: { name: [() => "Made", () => ""] } },
  "POST /operator/v1/organizations/:id/lock": { auth: "operator", params: opId },
  "POST /operator/v1/organizations/:id/unlock": { auth: "operator", params: opId },
  "GET /operator/v1/organizations/:id/users": { auth: "operator", params: opId },
  "POST /operator/v1/users": {
    auth: "operator",
    body: {
      organizationId: [(f) => f.account.organizationId, () => id("008")],
      email: [() => `op${Math.random().toString(36).slice(2)}@example.com`, () => "bad"],
      password: [() => "a password"],
      role: [() => "CLERK", () => "KING"],
      firstName: [() => "Op"],
      lastName: [() => "User"],
    },
  },
  "POST /operator/v1/users/:id/archive": {
    auth: "operator",
    params: opUserId,
    body: { organizationId: [(f) => f.account.organizationId] },
  },
  "POST /operator/v1/users/:id/restore": {
    auth: "operator",
    params: opUserId,
    body: { organizationId: [(f) => f.account.organizationId] },
  },
  "POST /operator/v1/users/:id/password": {
    auth: "operator",
    params: opUserId,
    body: { password: [() => "new password", () => "", () => "short"] },
  },
  "POST /operator/v1/users/:id/email": {
    auth: "operator",
    params: opUserId,
    body: {
      email: [
        () => `moved${Math.random().toString(36).slice(2)}@example.com`,
        (f) => f.foreign.username,
        () => "bad",
      ],
      force: [() => false, () => true, () => "yes"],
    },
  },
  "GET /operator/v1/users/:id/mfa-failures": { auth: "operator", params: opUserId },
  "DELETE /operator/v1/users/:id/mfa-failures": { auth: "operator", params: opUserId },
  "GET /operator/v1/devkeys": { auth: "operator" },
  "POST /operator/v1/devkeys": {
    auth: "operator",
    body: {
      name: [() => "key"],
      key: [() => `k-${Math.random().toString(36).slice(2)}-0123456789`, () => "short"],
      mfaBypass: [() => true],
    },
  },
  "POST /operator/v1/devkeys/:id/deactivate": {
    auth: "operator",
    params: { id: [(f) => f.foreign.devKeyId, () => id("0dk")] },
  },
  "GET /operator/v1/sync-tokens": {
    auth: "operator",
    query: { organizationId: [(f) => f.account.organizationId, () => "008"] },
  },
  "POST /operator/v1/sync-tokens": {
    auth: "operator",
    body: {
      organizationId: [(f) => f.account.organizationId, (f) => f.foreign.organizationId, () => id("008")],
      name: [() => `sync ${Math.random().toString(36).slice(2)}`, () => "a@b"],
      userId: [(f) => f.account.userId, (f) => f.foreign.userId, () => id("006")],
      token: [() => `t-${Math.random().toString(36).slice(2)}-0123456789`, () => "short"],
    },
  },
  "POST /operator/v1/sync-tokens/:id/revoke": {
    auth: "operator",
    params: { id: [() => id("0sy"), () => "0sy"] },
  },
  "GET /operator/v1/oauth-apps": {
    auth: "operator",
    query: { organizationId: [(f) => f.account.organizationId, () => "nope"] },
  },
  "POST /operator/v1/oauth-apps": {
    auth: "operator",
    body: {
      organizationId: [(f) => f.account.organizationId, (f) => f.foreign.organizationId, () => "008"],
      userId: [(f) => f.account.userId, (f) => f.memberId, () => id("006")],
      name: [() => "Operator app", () => ""],
      scope: [() => "accounting", () => "full", () => "all"],
    },
  },
  "POST /operator/v1/oauth-apps/:id/revoke": {
    auth: "operator",
    params: { id: [(f) => f.foreignOAuthClientId, () => id("0oa"), () => "x"] },
  },
  "GET /operator/v1/sessions": {
    auth: "operator",
    query: { organizationId: [(f) => f.account.organizationId], userId: [(f) => f.account.userId] },
  },
  "DELETE /operator/v1/sessions/:ref": { auth: "operator", params: { ref: [() => id("0se")] } },
  "POST /operator/v1/sessions/revoke": {
    auth: "operator",
    body: {
      userId: [(f) => f.foreign.userId, () => id("006")],
      organizationId: [(f) => f.foreign.organizationId],
    },
  },
  "GET /operator/v1/outbox": {
    auth: "operator",
    query: {
      to: [(f) => f.phone],
      userId: [(f) => f.account.userId],
      limit: [() => "1", () => "0", () => "x"],
    },
  },
  "GET /operator/v1/audit": {
    auth: "operator",
    query: {
      event: [() => "login.success"],
      from: [() => "0", () => "yesterday"],
      to: [() => "2026-12-01T00:00:00Z"],
      limit: [() => "5"],
    },
  },
  "GET /operator/v1/requests": { auth: "operator", query: { limit: [() => "5", () => "-1"] } },
  "GET /operator/v1/clock": { auth: "operator" },
  "PUT /operator/v1/clock": {
    auth: "operator",
    body: { time: [() => "2026-12-01T09:00:00Z", () => "never"], backwards: [() => true, () => "yes"] },
  },
  "POST /operator/v1/clock/advance": {
    auth: "operator",
    body: {
      minutes: [() => 1, () => 1e12],
      seconds: [() => 5],
      days: [() => -1],
      backwards: [() => true, () => 0],
    },
  },
  "POST /operator/v1/clock/freeze": {
    auth: "operator",
    body: { time: [() => "2026-12-01T09:00:00Z", () => "never"], backwards: [() => true, () => "no"] },
  },
  "POST /operator/v1/clock/unfreeze": { auth: "operator" },
  "POST /operator/v1/clock/reset": { auth: "operator" },
  "POST /operator/v1/reset": { auth: "operator" },
  "POST /operator/v1/snapshots": { auth: "operator" },
  "GET /operator/v1/snapshots": { auth: "operator" },
  "POST /operator/v1/snapshots/:id/restore": {
    auth: "operator",
    params: { id: [() => "0sn01AAAAAAAAAAAAAAA", () => "../x"] },
  },
  "DELETE /operator/v1/snapshots/:id": { auth: "operator", params: { id: [() => "0sn01AAAAAAAAAAAAAAA"] } },
  "GET /operator/v1/faults": { auth: "operator" },
  // Plausible faults aim at a path nobody calls; every fault is cleared after each request.
  "POST /operator/v1/faults": {
    auth: "operator",
    body: {
      path: [() => "/v3/never-called"],
      method: [() => "GET", () => "FETCH"],
      times: [() => 1, () => 0],
      error: [() => "BDC_1109", () => "BDC_0000"],
      latencyMs: [() => 1],
    },
  },
  "DELETE /operator/v1/faults": { auth: "operator" },
  "DELETE /operator/v1/faults/:id": { auth: "operator", params: { id: [() => "f1"] } },
  "GET /operator/v1/consoles": { auth: "operator" },
  "POST /operator/v1/consoles": {
    auth: "operator",
    body: { name: [() => "Firm", () => "", () => "x".repeat(101)] },
  },
  "GET /operator/v1/consoles/:id": { auth: "operator", params: opConsoleId },
  "POST /operator/v1/consoles/:id/organizations": {
    auth: "operator",
    params: opConsoleId,
    body: {
      organizationId: [
        (f) => f.account.organizationId,
        (f) => f.foreign.organizationId,
        () => id("008"),
        () => 8,
      ],
    },
  },
  "DELETE /operator/v1/consoles/:id/organizations/:organizationId": {
    auth: "operator",
    params: {
      ...opConsoleId,
      organizationId: [(f) => f.account.organizationId, (f) => f.foreign.organizationId, () => id("008")],
    },
  },
  "POST /operator/v1/consoles/:id/users": {
    auth: "operator",
    params: opConsoleId,
    body: {
      email: [
        () => `cpa${Math.random().toString(36).slice(2)}@example.com`,
        (f) => f.foreign.username,
        () => "bad",
      ],
      firstName: [() => "Ann", () => "x".repeat(101)],
      lastName: [() => "Lee"],
    },
  },
  "DELETE /operator/v1/consoles/:id/users/:userId": {
    auth: "operator",
    params: { ...opConsoleId, userId: [(f) => f.consoleUserId, (f) => f.foreign.userId, () => id("006")] },
  },
  "GET /operator/v1/consoles/:id/tokens": { auth: "operator", params: opConsoleId },
  "POST /operator/v1/consoles/:id/tokens": {
    auth: "operator",
    params: opConsoleId,
    body: {
      userId: [(f) => f.consoleUserId, (f) => f.foreign.userId, () => id("006")],
      name: [() => "CI", () => ""],
    },
  },
  "POST /operator/v1/consoles/:id/tokens/:tokenId/revoke": {
    auth: "operator",
    params: {
      ...opConsoleId,
      tokenId: [(f) => f.consoleTokenId, (f) => f.foreignConsoleTokenId, () => id("0ct")],
    },
  },
  "GET /operator/v1/partners": { auth: "operator" },
  "POST /operator/v1/partners": {
    auth: "operator",
    body: { name: [() => "Partner", () => ""], username: [() => "p-user"] },
  },
  "GET /operator/v1/organizations/:id/resources": { auth: "operator", params: opId },
  "GET /operator/v1/organizations/:id/resources/*": {
    auth: "operator",
    params: {
      ...opId,
      "*": [
        () => "vendors",
        (f) => `vendors/${f.vendorId}`,
        (f) => `vendors/${f.foreignVendorId}`,
        (f) => `vendors%2F${f.vendorId}`,
        () => "bills",
        (f) => `bills/${f.billId}`,
        (f) => `bills/${f.vendorId}`,
        () => "customers",
        (f) => `customers/${f.customerId}/extra`,
        () => "funding-accounts%2Fbanks",
        () => "vendors/..%2F..%2Fusers",
        () => "%E0%A4%A",
      ],
    },
    query: resourceListQuery,
  },
  "POST /operator/v1/seed": {
    auth: "operator",
    body: {
      organizations: [
        () => [{ name: "Hostile Seed" }],
        () => [{ name: "Hostile Seed", resources: { vendors: [{ ref: "v", name: "" }] } }],
        () => [{ name: "Hostile Seed", resources: { bills: [{ ref: "b", vendorId: "@nobody" }] } }],
        () => [{ name: "" }],
      ],
      devKeys: [() => [{ name: "hostile", key: "short" }], () => "nope"],
      users: [() => [{ email: "not-an-email", memberships: [] }]],
    },
  },
  "GET /operator/v1/limits/:id": {
    auth: "operator",
    params: { id: [(f) => f.account.devKeyId, () => id("0dk")] },
  },
};

/** Any JSON value, the kind a careless or hostile client sends. */
const jsonValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ minLength: 200, maxLength: 2000 }),
  fc.constant(""),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
/** A header value Node will send: visible ASCII, spaces and Latin-1, often empty. */
const garbageHeader = fc.oneof(
  fc.constant(""),
  fc.string({ unit: fc.constantFrom(...'abcXYZ019-_ .:/=+;,"\\'), maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
  fc.constant("x".repeat(2000)),
);
/** A path segment: plausible, or anything (percent-encoded), or broken encodings. */
const garbageSegment = fc.oneof(
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom("%", "%zz", "%00", "..", ".", "x".repeat(300), "%2F", "a%20b"),
);

interface Request {
  method: string;
  path: string;
  headers: string[];
  body: string;
}

/** One generated request for a route, given the fixture's values. */
function requestFor(key: string, spec: RouteSpec, f: () => Fixture): fc.Arbitrary<Request> {
  if (spec.oauth) return tokenRequestFor(spec, f);
  if (spec.form) return formRequestFor(key, spec, f);
  const [method, url] = key.split(" ") as [string, string];
  const choose = (makers: Make[] | undefined, junk: fc.Arbitrary<unknown>) =>
    makers && makers.length > 0
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...makers).map((make) => make(f())) },
          { weight: 1, arbitrary: junk },
        )
      : junk;
  const segments = url.split("/").map((segment) => {
    if (segment.startsWith(":") || segment === "*") {
      const name = segment === "*" ? "*" : segment.slice(1);
      return choose(spec.params?.[name], garbageSegment).map((v) => (typeof v === "string" ? v : String(v)));
    }
    return fc.constant(segment);
  });
  const path = fc.tuple(...segments).map((parts) => parts.join("/"));
  const query = fc
    .option(
      fc.tuple(
        fc.record(
          Object.fromEntries(
            Object.entries(spec.query ?? {}).map(([name, makers]) => [
              name,
              fc.option(choose(makers, fc.string({ maxLength: 20 })), { nil: undefined }),
            ]),
          ),
        ),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 }),
      ),
      { nil: undefined, freq: 3 },
    )
    .map((q) => {
      if (!q) return "";
      const params = new URLSearchParams();
      for (const [name, value] of [...Object.entries(q[0]), ...Object.entries(q[1])])
        if (value !== undefined) params.append(name, String(value));
      const text = params.toString();
      return text ? `?${text}` : "";
    });
  const fields = fc
    .record(
      Object.fromEntries(
        Object.entries(spec.body ?? {}).map(([name, makers]) => [
          name,
          fc.option(choose(makers, jsonValue), { nil: undefined, freq: 4 }),
        ]),
      ),
    )
    .chain((record) =>
      fc
        .option(fc.tuple(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 2 })), { nil: undefined })
        .map((extra) => (extra ? { ...record, [extra[0]]: extra[1] } : record)),
    )
    .chain((record) =>
      spec.bulk
        ? fc.integer({ min: 1, max: 3 }).map((n) => JSON.stringify(Array.from({ length: n }, () => record)))
        : fc.constant(JSON.stringify(record)),
    );
  const body = fc.oneof(
    { weight: 8, arbitrary: fields },
    { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 50 }) },
    { weight: 1, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: fc.constantFrom('{"a":', "[]", "null", "{}", "\u0000") },
    // Over the 64 KiB limit.
    { weight: 1, arbitrary: fc.constant(JSON.stringify({ pad: "x".repeat(70 * 1024) })) },
  );
  /** A header: the right value most often, or absent, garbage, or twice. */
  const header = (name: string, right: () => string, weight = 8) =>
    fc
      .oneof(
        { weight, arbitrary: fc.constant(0).map(() => [right()]) },
        { weight: 1, arbitrary: fc.constant([] as string[]) },
        { weight: 1, arbitrary: garbageHeader.map((v) => [v]) },
        { weight: 1, arbitrary: fc.constant(0).map(() => [right(), right()]) },
        { weight: 1, arbitrary: garbageHeader.map((v) => [right(), v]) },
      )
      .chain((values) =>
        fc
          .constantFrom(name, name.toLowerCase(), name.toUpperCase())
          .map((spelled) => values.flatMap((value) => [spelled, value])),
      );
  const none = (): fc.Arbitrary<string[]> => fc.constant([]);
  const auth = spec.auth;
  const headers = fc
    .tuple(
      auth === "org"
        ? header("devKey", () => f().account.devKey)
        : fc.oneof(
            none(),
            header("devKey", () => f().account.devKey, 1),
          ),
      auth === "org"
        ? header("sessionId", () => f().sessionId)
        : auth === "partner" || auth === "partnerOrg"
          ? header("sessionId", () => f().partnerSessionId)
          : fc.oneof(
              none(),
              header("sessionId", () => f().sessionId, 1),
            ),
      auth === "partner" || auth === "partnerOrg" ? header("appKey", () => f().partner.appKey) : none(),
      auth === "partnerOrg" ? header("organizationId", () => f().partnerOrganizationId) : none(),
      auth === "operator"
        ? header("Authorization", () => `Bearer ${OPERATOR_TOKEN}`)
        : fc.oneof(
            none(),
            header("Authorization", () => "Bearer wrong", 1),
          ),
      header("Content-Type", () => "application/json", 6).map((h) =>
        h.length === 2 && h[1] === "application/json" && Math.random() < 0.2
          ? [h[0]!, "application/json; charset=utf-8"]
          : h,
      ),
      fc.oneof(
        { weight: 3, arbitrary: none() },
        {
          weight: 1,
          arbitrary: header("X-Idempotent-Key", () => `key-${Math.random().toString(36).slice(2)}`),
        },
      ),
    )
    .map((parts) => parts.flat());
  const hasBody = method !== "GET" && method !== "DELETE";
  return fc.record({
    method: fc.constant(method),
    path: fc.tuple(path, query).map(([p, q]) => `${p}${q}`),
    headers,
    body: hasBody
      ? body
      : fc.oneof({ weight: 5, arbitrary: fc.constant("") }, { weight: 1, arbitrary: body }),
  });
}

/** Any value a form field may be given: text of any kind, often empty, or repeated. */
const formJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(""),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ minLength: 200, maxLength: 2000 }),
  fc.array(fc.string({ maxLength: 5 }), { minLength: 2, maxLength: 3 }),
  jsonValue,
);

/** A form body of fields: text as it is, objects as JSON text, arrays as the field repeated. */
function encodeForm(fields: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) && value.every((v) => typeof v === "string") ? value : [value];
    for (const v of values) form.append(name, typeof v === "string" ? v : JSON.stringify(v));
  }
  return form.toString();
}

/** One generated v2 request: a form body (or not one), its credentials among its fields. */
function formRequestFor(key: string, spec: RouteSpec, f: () => Fixture): fc.Arbitrary<Request> {
  const [method, url] = key.split(" ") as [string, string];
  const choose = (makers: Make[] | undefined, junk: fc.Arbitrary<unknown>) =>
    makers && makers.length > 0
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...makers).map((make) => make(f())) },
          { weight: 1, arbitrary: junk },
        )
      : junk;
  const segments = url.split("/").map((segment) => {
    const param = /^:(\w+)(\.json)?$/.exec(segment);
    if (!param) return fc.constant(segment);
    return choose(spec.params?.[param[1] as string], garbageSegment).map(
      (v) => `${typeof v === "string" ? v : String(v)}${param[2] ?? ""}`,
    );
  });
  const path = fc.tuple(...segments).map((parts) => parts.join("/"));
  /** A credential field: the right value most often, or absent, garbage, or twice. */
  const credential = (right: () => string) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(0).map(() => right() as unknown) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: garbageHeader },
      { weight: 1, arbitrary: fc.constant(0).map(() => [right(), right()]) },
    );
  const auth =
    spec.auth === "v2"
      ? { devKey: credential(() => f().account.devKey), sessionId: credential(() => f().sessionId) }
      : {};
  const fields = fc
    .record({
      ...auth,
      ...Object.fromEntries(
        Object.entries(spec.body ?? {}).map(([name, makers]) => [
          name,
          fc.option(choose(makers, formJunk), { nil: undefined, freq: 4 }),
        ]),
      ),
    })
    .chain((record) =>
      fc
        .option(fc.tuple(fc.string({ maxLength: 8 }), formJunk), { nil: undefined })
        .map((extra) => (extra ? { ...record, [extra[0]]: extra[1] } : record)),
    )
    .map((record) => encodeForm(record as Record<string, unknown>));
  const body = fc.oneof(
    { weight: 8, arbitrary: fields },
    // What a careless client sends instead: the fields as JSON, any JSON, bytes, nothing.
    { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 50 }) },
    { weight: 1, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: fc.constantFrom("%zz=%E0%A4%A", "&&&==", "data=%7B", "a=1&a=2&a=3", "\u0000") },
    // Over the 64 KiB limit.
    { weight: 1, arbitrary: fc.constant(`data=${"x".repeat(70 * 1024)}`) },
  );
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant(["Content-Type", "application/x-www-form-urlencoded"]) },
    {
      weight: 1,
      arbitrary: fc.constant(["content-type", "application/x-www-form-urlencoded; charset=UTF-8"]),
    },
    { weight: 1, arbitrary: fc.constant(["Content-Type", "application/json"]) },
    { weight: 1, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: garbageHeader.map((v) => ["Content-Type", v]) },
  );
  // v3's credentials as headers, sometimes: v2 reads none of them.
  const headerNoise = fc.oneof(
    { weight: 4, arbitrary: fc.constant([] as string[]) },
    {
      weight: 1,
      arbitrary: fc.constant(0).map(() => ["devKey", f().account.devKey, "sessionId", f().sessionId]),
    },
  );
  return fc.record({
    method: fc.constant(method),
    path,
    headers: fc.tuple(contentType, headerNoise).map((parts) => parts.flat()),
    body,
  });
}

/** RFC 6749 section 2.3.1's Basic header: id and secret form-urlencoded, joined, base64. */
const basicOf = (id: string, secret: string) => {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString("base64")}`;
};

/** One generated token request: RFC 6749's form fields, Basic sometimes, any body sometimes. */
function tokenRequestFor(spec: RouteSpec, f: () => Fixture): fc.Arbitrary<Request> {
  const choose = (makers: Make[] | undefined) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...(makers ?? [() => ""])).map((make) => make(f())) },
      { weight: 1, arbitrary: formJunk },
    );
  const fields = fc
    .record(
      Object.fromEntries(
        Object.entries(spec.body ?? {}).map(([name, makers]) => [
          name,
          fc.option(choose(makers), { nil: undefined, freq: 4 }),
        ]),
      ),
    )
    .map((record) => encodeForm(record as Record<string, unknown>));
  // A right request with one field changed or dropped (or a scope added): often past the client check.
  const nearlyRight = fc
    .tuple(
      fc.constantFrom("grant_type", "client_id", "client_secret", "scope", "scope", "scope"),
      fc.option(choose(spec.body?.scope), { nil: undefined }),
    )
    .map(([name, value]) => {
      const form: Record<string, unknown> = {
        grant_type: "client_credentials",
        client_id: f().oauthClientId,
        client_secret: f().oauthClientSecret,
      };
      form[name] = value;
      return encodeForm(form);
    });
  const body = fc.oneof(
    { weight: 5, arbitrary: fields },
    { weight: 6, arbitrary: nearlyRight },
    { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 50 }) },
    { weight: 1, arbitrary: fc.constant("") },
    {
      weight: 1,
      arbitrary: fc.constantFrom("%zz=%E0%A4%A", "&&&==", "grant_type=client_credentials&grant_type=x"),
    },
    { weight: 1, arbitrary: fc.constant(`grant_type=${"x".repeat(70 * 1024)}`) },
  );
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant(["Content-Type", "application/x-www-form-urlencoded"]) },
    { weight: 1, arbitrary: fc.constant(["Content-Type", "application/json"]) },
    { weight: 1, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: garbageHeader.map((v) => ["Content-Type", v]) },
  );
  const authorization = fc.oneof(
    { weight: 6, arbitrary: fc.constant([] as string[]) },
    {
      weight: 2,
      arbitrary: fc
        .constant(0)
        .map(() => ["Authorization", basicOf(f().oauthClientId, f().oauthClientSecret)]),
    },
    { weight: 1, arbitrary: garbageHeader.map((v) => ["Authorization", `Basic ${v}`]) },
    { weight: 1, arbitrary: garbageHeader.map((v) => ["authorization", v]) },
    { weight: 1, arbitrary: fc.constant(0).map(() => ["Authorization", `Bearer ${f().sessionId}`]) },
  );
  return fc.record({
    method: fc.constant("POST"),
    path: fc.constant("/authx/token"),
    headers: fc.tuple(contentType, authorization).map((parts) => parts.flat()),
    body,
  });
}

/** RFC 6749 sections 5.1 and 5.2: the token, or one error of the RFC's, never cached. */
function assertTokenAnswer(
  what: string,
  answer: { status: number; text: string; type: string; cache: string },
) {
  expect(answer.status, what).toBeLessThan(500);
  expect(answer.type, what).toMatch(/^application\/json/);
  expect(answer.cache, what).toBe("no-store");
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  if (answer.status === 200) {
    expect(Object.keys(body).sort(), what).toEqual(["access_token", "expires_in", "scope", "token_type"]);
    expect(body.token_type, what).toBe("Bearer");
    return;
  }
  expect(
    ["invalid_request", "invalid_client", "unauthorized_client", "unsupported_grant_type", "invalid_scope"],
    what,
  ).toContain(body.error);
  expect(typeof body.error_description, what).toBe("string");
  expect(answer.status, what).toBe(
    body.error === "invalid_client"
      ? 401
      : answer.status === 413 || answer.status === 429
        ? answer.status
        : 400,
  );
}

/** A token request past client authentication (a token, or a refusal of what it asked). */
const tokenReached = (status: number, text: string) => {
  if (status === 200) return true;
  const { error } = JSON.parse(text) as { error?: string };
  return error === "invalid_scope" || error === "unauthorized_client";
};

/** The request a well-behaved v2 client sends: its credentials and the first value of each field. */
function rightFormRequest(key: string, spec: RouteSpec, f: Fixture): Request {
  const [method, url] = key.split(" ") as [string, string];
  const first = (makers: Make[] | undefined) => (makers?.[0] ? makers[0](f) : undefined);
  const path = url
    .split("/")
    .map((segment) => {
      const param = /^:(\w+)(\.json)?$/.exec(segment);
      return param ? `${String(first(spec.params?.[param[1] as string]))}${param[2] ?? ""}` : segment;
    })
    .join("/");
  const fields: Record<string, unknown> = Object.fromEntries(
    Object.entries(spec.body ?? {}).map(([name, makers]) => [name, first(makers)]),
  );
  // v2's login takes v2's names only: the v3 spelling is a hostile extra.
  delete fields.username;
  if (spec.auth === "v2") Object.assign(fields, { devKey: f.account.devKey, sessionId: f.sessionId });
  return {
    method,
    path,
    headers: ["Content-Type", "application/x-www-form-urlencoded"],
    body: encodeForm(fields),
  };
}

/** v2's envelope: a success, or one error from the table with HTTP 200 (v2 answers no 4xx). */
const V2_MAPPING_CODES: ReadonlySet<string> = new Set(Object.values(V2_CODES));

function assertV2Envelope(what: string, answer: { status: number; text: string; type: string }) {
  expect(answer.status, what).toBe(200);
  expect(answer.type, what).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  expect(Object.keys(body).sort(), what).toEqual(["response_data", "response_message", "response_status"]);
  if (body.response_status === 0) {
    expect(body.response_message, what).toBe("Success");
    return;
  }
  expect(body.response_status, what).toBe(1);
  expect(body.response_message, what).toBe("Error");
  const data = body.response_data as Record<string, unknown>;
  expect(Object.keys(data).sort(), what).toEqual(["error_code", "error_message"]);
  // The error table's codes, or those BILL's v2 entity mappings answer of their own.
  const code = String(data.error_code);
  expect(STATUSES_BY_CODE.has(code) || V2_MAPPING_CODES.has(code), `${what}: a code of the table`).toBe(true);
  expect(typeof data.error_message, what).toBe("string");
}

/** A v2 answer that refused the request (its envelope's `response_status` 1). */
const isV2Refusal = (text: string) => {
  try {
    return (JSON.parse(text) as { response_status?: unknown }).response_status === 1;
  } catch {
    return false;
  }
};

function send(
  baseUrl: string,
  request: Request,
): Promise<{ status: number; text: string; type: string; cache: string }> {
  const { host } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers = [
      "host",
      host,
      "content-length",
      String(Buffer.byteLength(request.body)),
      ...request.headers,
    ];
    const req = httpRequest(`${baseUrl}${request.path}`, { method: request.method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          text: Buffer.concat(chunks).toString("utf8"),
          type: String(response.headers["content-type"] ?? ""),
          cache: String(response.headers["cache-control"] ?? ""),
        }),
      );
    });
    req.on("error", reject);
    req.end(request.body);
  });
}

/** The request a well-behaved client sends: right headers, the first plausible value of each field. */
function rightRequest(key: string, spec: RouteSpec, f: Fixture): Request {
  if (spec.oauth) {
    const form = {
      grant_type: "client_credentials",
      client_id: f.oauthClientId,
      client_secret: f.oauthClientSecret,
    };
    return {
      method: "POST",
      path: "/authx/token",
      headers: ["Content-Type", "application/x-www-form-urlencoded"],
      body: new URLSearchParams(form).toString(),
    };
  }
  if (spec.form) return rightFormRequest(key, spec, f);
  const [method, url] = key.split(" ") as [string, string];
  const first = (makers: Make[] | undefined) => (makers?.[0] ? makers[0](f) : undefined);
  const path = url
    .split("/")
    .map((segment) =>
      segment.startsWith(":") || segment === "*"
        ? String(first(spec.params?.[segment === "*" ? "*" : segment.slice(1)]))
        : segment,
    )
    .join("/");
  const headers: string[] = [];
  if (spec.auth === "org") headers.push("devKey", f.account.devKey, "sessionId", f.sessionId);
  if (spec.auth === "partner" || spec.auth === "partnerOrg")
    headers.push("appKey", f.partner.appKey, "sessionId", f.partnerSessionId);
  if (spec.auth === "partnerOrg") headers.push("organizationId", f.partnerOrganizationId);
  if (spec.auth === "operator") headers.push("Authorization", `Bearer ${OPERATOR_TOKEN}`);
  const hasBody = method !== "GET" && method !== "DELETE";
  if (hasBody) headers.push("Content-Type", "application/json");
  const body = Object.fromEntries(
    Object.entries(spec.body ?? {}).map(([name, makers]) => [name, first(makers)]),
  );
  return { method, path, headers, body: hasBody ? JSON.stringify(spec.bulk ? [body] : body) : "" };
}

/** A success, or BILL's error array with codes and statuses from the one table; never a 5xx. */
function assertWellFormed(
  key: string,
  request: Request,
  answer: { status: number; text: string; type: string; cache: string },
) {
  const what = `${key}: ${request.method} ${request.path.slice(0, 120)} -> ${answer.status} ${answer.text.slice(0, 300)}`;
  if (ROUTES[key]?.oauth) return assertTokenAnswer(what, answer);
  expect(answer.status, what).toBeLessThan(500);
  if (ROUTES[key]?.form) return assertV2Envelope(what, answer);
  expect(answer.status, what).toBeGreaterThanOrEqual(200);
  // The docs page redirects to its assets.
  if (answer.status < 400 && answer.status >= 300 && request.path.startsWith("/docs")) return;
  if (answer.status < 300) {
    if (answer.type.startsWith("application/json") && answer.text !== "") {
      const body = JSON.parse(answer.text) as unknown;
      const isObject = (value: unknown) =>
        typeof value === "object" && value !== null && !Array.isArray(value);
      // A success is one JSON object; a bulk create of bills and the list of bill approval
      // policies are BILL's bare arrays of them.
      const bare = key.endsWith("/bulk") || key === "GET /connect/v3/bill-approvals/policies";
      const ok = isObject(body) || (bare && Array.isArray(body) && body.every(isObject));
      expect(ok, what).toBe(true);
    }
    return;
  }
  expect(answer.type, what).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as Record<string, unknown>[];
  expect(Array.isArray(body), what).toBe(true);
  expect(body.length, what).toBeGreaterThan(0);
  for (const entry of body) {
    // BILL's fields; params only when there are some, as BILL's array of { name, value }.
    expect(
      Object.keys(entry)
        .filter((k) => k !== "params")
        .sort(),
      what,
    ).toEqual(["category", "code", "message", "severity", "timestamp"]);
    const params = (entry.params ?? []) as { name: unknown; value: unknown }[];
    if ("params" in entry) expect(params.length, what).toBeGreaterThan(0);
    for (const param of params) expect(Object.keys(param).sort(), what).toEqual(["name", "value"]);
    expect(entry.timestamp, what).toMatch(TIMESTAMP);
    expect(entry.severity, what).toBe("ERROR");
    expect(["REQUEST", "DOWNSTREAM", "APPLICATION"], what).toContain(entry.category);
    expect(STATUSES_BY_CODE.get(String(entry.code))?.has(answer.status), `${what}: code and status`).toBe(
      true,
    );
    // No placeholder left unsubstituted. A substituted value may itself contain "${" (it echoes
    // what the client sent, e.g. an unknown id), so the values are taken out before looking.
    let template = String(entry.message);
    for (const { value } of params) template = template.split(String(value)).join("");
    expect(template, what).not.toContain("${");
    for (const { name, value } of params)
      expect([typeof name, typeof value], what).toEqual(["string", "string"]);
  }
}

/** The logouts: a success ends the fixture's session, and the next requests get a new one. */
const LOGOUTS = new Set(["POST /connect/v3/logout", "POST /api/v2/Logout.json"]);

/**
 * Routes whose own work answers BDC_1121 for now, so that "reached the route" cannot be told
 * from a refusal before it: PayBills, until its mapping (src/v2/pay-bills.ts, the v2-entities
 * branch) lands. Remove it from here then.
 */
const UNSERVED_YET = new Set<string>([]);

/** Answers that come before the route's own work: authentication and the body's envelope. */
const BEFORE_THE_ROUTE = new Set([
  "BDC_1102",
  "BDC_1103",
  "BDC_1109",
  "BDC_9010",
  "BDC_1122",
  "BDC_9007",
  "BDC_1121",
]);
const AUTH_HEADERS = new Set(["devKey", "sessionId", "appKey", "organizationId"]);
function reachedTheRoute(status: number, text: string): boolean {
  if (isV2Refusal(text)) {
    const { error_code: code, error_message: message } = (
      JSON.parse(text) as { response_data: { error_code: string; error_message: string } }
    ).response_data;
    return (
      !BEFORE_THE_ROUTE.has(code) &&
      !(code === "BDC_1108" && /parameter: (devKey|sessionId)\.$/.test(message))
    );
  }
  if (status < 400) return true;
  const body = JSON.parse(text) as BillErrorEntry[];
  return body.every(
    (e) =>
      !BEFORE_THE_ROUTE.has(e.code) &&
      !(e.code === "BDC_1108" && AUTH_HEADERS.has(errorParams(e).paramName0 ?? "")),
  );
}

describe("every route under hostile input (property-based)", () => {
  let t: TestServer;
  let counts: () => Record<string, number>;
  let db: Sqlite.Database;

  beforeAll(async () => {
    t = await startTestServer({
      // BILL's v2 mappings, and until the Vendor one lands a test-local one, so that List and
      // Crud are driven past their entity check.
      v2Entities: V2_ENTITIES.some((e) => e.name === "Vendor") ? V2_ENTITIES : [...V2_ENTITIES, TEST_VENDOR],
      // Wrong tokens and failed logins are generated by the hundred from one address, with the
      // clock held still: the per-IP lockouts would refuse every later request (operator.test.ts
      // and lockout.test.ts cover them).
      config: {
        operatorToken: OPERATOR_TOKEN,
        operatorFailureLimit: 0,
        ipFailureLimit: 0,
        lockoutThreshold: 0,
        mfaSendsPerMinute: 0,
      },
    });
    db = new Sqlite(t.databasePath, { readonly: true });
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'",
      )
      .all()
      .map((row) => (row as { name: string }).name)
      .filter((name) => !MAY_CHANGE_ON_REFUSAL.has(name));
    const statement = db.prepare(
      `SELECT ${tables.map((name) => `(SELECT count(*) FROM "${name}") AS "${name}"`).join(", ")}`,
    );
    counts = () => statement.get() as Record<string, number>;
  });
  afterAll(async () => {
    db?.close();
    await t?.close();
  });

  /** Fresh accounts for each route, so that what one route's successes did cannot starve the next. */
  async function fixture(): Promise<Fixture> {
    const account = await provisionAccount(t.deps);
    const foreign = await provisionAccount(t.deps);
    unwrap(await setOrganizationMfaRequired(t.deps, account.organizationId, false));
    const client = t.client(account.devKey);
    const { sessionId } = await client.sessions.login(loginBody(account));
    const member = await client.users.create({
      firstName: "Mem",
      lastName: "Ber",
      email: `member${Math.random().toString(36).slice(2)}@example.com`,
      acceptTermsOfService: true,
    });
    const invitee = `invitee${Math.random().toString(36).slice(2)}@example.com`;
    await client.users.create({ firstName: "In", email: invitee, acceptTermsOfService: true });
    const invitation = await invitationToken(t.deps, invitee);
    const movedTo = `moved${Math.random().toString(36).slice(2)}@example.com`;
    await client.users.update(member.id, { email: movedTo });
    const emailChange = /valid for 24 hours: (\S+)/.exec(
      (await t.deps.stores.outbox.list({ recipient: movedTo, limit: 1 }))[0]?.text ?? "",
    )?.[1];
    if (!emailChange) throw new Error("no email change token");
    const roles = await client.rawRequest({ method: "GET", path: "/v3/roles", auth: true });
    const roleId = (roles.body as { results: { id: string }[] }).results[0]!.id;
    // MFA: a verified phone, an open setup, an open challenge and a remembered device.
    const phone = newPhone();
    const { setupId: first } = await client.mfa.setup({ phone, type: "TEXT" });
    await client.mfa.validateSetup({ setupId: first, type: "TEXT", token: await latestToken(t, phone) });
    const { rememberMeId = "" } = await client.mfa.runChallenge(() => latestToken(t, phone), {
      rememberMe: true,
      device: "laptop",
    });
    const { setupId } = await client.mfa.setup({ phone: newPhone(), type: "TEXT" });
    const { challengeId } = await client.mfa.challenge();
    // A partner with an organization of its own and a user in it.
    const partner = await provisionPartner(t.deps);
    const partnerLogin = await postJson(client, "/v3/partner/login", {
      appKey: partner.appKey,
      username: partner.username,
      password: partner.password,
    });
    const partnerSessionId = (partnerLogin.body as { sessionId: string }).sessionId;
    const partnerHeaders = { appKey: partner.appKey, sessionId: partnerSessionId };
    const org = await postJson(
      client,
      "/v3/partner/organizations",
      { name: "Partnered", address: ADDRESS },
      partnerHeaders,
    );
    const partnerOrganizationId = (org.body as { id: string }).id;
    const user = await postJson(
      client,
      "/v3/partner/users",
      {
        firstName: "Pat",
        email: `pat${Math.random().toString(36).slice(2)}@example.com`,
        acceptTermsOfService: true,
      },
      { ...partnerHeaders, organizationId: partnerOrganizationId },
    );
    const partnerUserId = (user.body as { id: string }).id;
    for (const check of [partnerLogin, org, user]) expect(check.status, JSON.stringify(check.body)).toBe(200);
    const vendorId = (await client.vendors.create({ name: "Fixture vendor" })).id;
    const foreignClient = t.client(foreign.devKey);
    await foreignClient.sessions.login(loginBody(foreign));
    const foreignVendorId = (await foreignClient.vendors.create({ name: "Foreign vendor" })).id;
    const customerId = (await client.customers.create({ name: "Fixture customer", email: "c@example.com" }))
      .id;
    const bill = await client.bills.create({
      vendorId,
      dueDate: "2026-12-31",
      invoice: { invoiceNumber: "F-1", invoiceDate: "2026-12-01" },
      billLineItems: [{ amount: 12.5 }],
    });
    const foreignCustomerId = (
      await foreignClient.customers.create({ name: "Foreign customer", email: "f@example.com" })
    ).id;
    const invoice = await client.invoices.create({
      customer: { id: customerId },
      invoiceLineItems: [{ amount: 1000, description: "Fixture show" }],
    });
    const creditMemo = await client.creditMemos.create({
      customerId,
      referenceNumber: "CM-F",
      creditDate: "2026-12-01",
      creditMemoLineItems: [{ amount: 10 }],
    });
    const receivable = await client.invoices.recordPayment({
      amount: 1,
      invoices: [{ id: invoice.id, amount: 1 }],
      paymentDate: "2026-12-01",
      paymentType: "CASH",
    });
    const bankAccountId = await bankAccountOf(client);
    const payment = await client.payments.create({
      billId: bill.id,
      processDate: "2026-12-01",
      fundingAccount: { type: "BANK_ACCOUNT", id: bankAccountId },
      amount: 1,
    });
    const credit = await client.vendorCredits.create({
      vendorId,
      referenceNumber: "F-VC",
      creditDate: "2026-11-01",
      vendorCreditLineItems: [{ amount: 3 }],
    });
    const classifications: Record<string, string> = {};
    for (const [path, , fields] of CLASSIFICATION_KINDS) {
      // The first plausible value of each field (an item's chart of accounts is left out).
      const first = Object.fromEntries(
        Object.entries(fields)
          .filter(([name]) => name !== "chartOfAccountId")
          .map(([name, makers]) => [name, (makers[0] as Make)({} as Fixture)]),
      );
      const made = await client.rawRequest({
        method: "POST",
        path: `/v3/classifications/${path}`,
        auth: true,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(first),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      classifications[path] = (made.body as { id: string }).id;
    }
    const foreignDepartmentId = (await foreignClient.classifications.departments.create({ name: "Theirs" }))
      .id;
    const policy = await client.billApprovals.policies.create({
      policyName: "Fixture policy",
      rules: [{ key: "BILL_AMOUNT", op: "gte", values: ["10"] }],
      approvers: [account.userId],
    });
    const foreignBankAccountId = (
      await foreignClient.fundingAccounts.banks.create({
        nameOnAccount: "Fixture bank",
        routingNumber: "074000010",
        accountNumber: "111222333",
        type: "CHECKING",
        ownerType: "BUSINESS",
      })
    ).id;
    // A console serving the account's organization, and another serving the foreign one.
    const firm = unwrap(await createConsole(t.deps, { name: "Fixture firm" }));
    unwrap(await addConsoleOrganization(t.deps, firm.id, account.organizationId));
    const consoleUsername = `cpa${Math.random().toString(36).slice(2)}@example.com`;
    const consoleUser = unwrap(await addConsoleUser(t.deps, firm.id, { email: consoleUsername }));
    const consoleToken = unwrap(await createConsoleToken(t.deps, firm.id, { userId: consoleUser.userId }));
    const foreignFirm = unwrap(await createConsole(t.deps, { name: "Foreign firm" }));
    unwrap(await addConsoleOrganization(t.deps, foreignFirm.id, foreign.organizationId));
    const foreignConsoleUser = unwrap(
      await addConsoleUser(t.deps, foreignFirm.id, {
        email: `cpa${Math.random().toString(36).slice(2)}@example.com`,
      }),
    );
    const foreignConsoleToken = unwrap(
      await createConsoleToken(t.deps, foreignFirm.id, { userId: foreignConsoleUser.userId }),
    );
    const oauthApp = unwrap(
      await createOAuthApp(t.deps, {
        organizationId: account.organizationId,
        userId: account.userId,
        name: "Fixture app",
        scope: "accounting",
      }),
    );
    const foreignOAuthApp = unwrap(
      await createOAuthApp(t.deps, {
        organizationId: foreign.organizationId,
        userId: foreign.userId,
        name: "Foreign app",
        scope: "accounting",
      }),
    );
    return {
      consoleId: firm.id,
      consoleUserId: consoleUser.userId,
      consoleUsername,
      consoleToken: consoleToken.token,
      consoleTokenId: consoleToken.id,
      foreignConsoleId: foreignFirm.id,
      foreignConsoleTokenId: foreignConsoleToken.id,
      oauthClientId: oauthApp.app.id,
      oauthClientSecret: oauthApp.clientSecret,
      foreignOAuthClientId: foreignOAuthApp.app.id,
      account,
      sessionId,
      memberId: member.id,
      roleId,
      foreign,
      partner,
      partnerSessionId,
      partnerOrganizationId,
      partnerUserId,
      invitation,
      emailChange,
      setupId,
      challengeId,
      rememberMeId,
      phone,
      vendorId,
      foreignVendorId,
      customerId,
      billId: bill.id,
      billLineId: bill.billLineItems[0]?.id ?? "",
      foreignCustomerId,
      invoiceId: invoice.id,
      invoiceLineId: invoice.invoiceLineItems[0]?.id ?? "",
      creditMemoId: creditMemo.id,
      receivablePaymentId: receivable.id,
      bankAccountId,
      paymentId: payment.id,
      vendorCreditId: credit.id,
      vendorCreditLineId: credit.vendorCreditLineItems[0]?.id ?? "",
      classifications,
      foreignDepartmentId,
      policyId: policy.id,
      foreignBankAccountId,
    };
  }

  it("answers a static asset path it refuses (NUL byte, name too long) with 404 BDC_1121, not a 500", async () => {
    for (const path of ["/docs/static/%00", `/docs/static/${"x".repeat(300)}`]) {
      const answer = await send(t.server.url, { method: "GET", path, headers: [], body: "" });
      expect(answer.status, answer.text).toBe(404);
      expect(JSON.parse(answer.text)[0].code).toBe("BDC_1121");
    }
  });

  it("has a generator for every route the app registers, and none for a route it does not", () => {
    const registered = [...t.server.app.registeredRoutes].sort();
    expect(Object.keys(ROUTES).sort()).toEqual(registered);
  });

  const startTime = Date.UTC(2026, 10, 29, 10, 0, 0);
  /**
   * Generated requests that got past authentication, per route. Whether a route's few runs
   * draw one is chance (a wrong session or header is drawn most of the time), so it is checked
   * over all routes together, after them; each route's own reach is the well-behaved request.
   */
  const reachedByRoute = new Map<string, { reached: number; runs: number }>();
  for (const [key, spec] of Object.entries(ROUTES)) {
    it(`${key} answers every generated request well, and a refusal writes nothing`, async () => {
      t.clock.set(startTime);
      t.server.operator.faults.clear();
      const current = await fixture();
      const f = () => current;
      // A well-behaved request first: the fixture and the valid session do reach the route.
      const right = rightRequest(key, spec, current);
      const rightAnswer = await send(t.server.url, right);
      assertWellFormed(key, right, rightAnswer);
      if (rightAnswer.status === 200 && LOGOUTS.has(key) && !isV2Refusal(rightAnswer.text)) {
        const client = t.client(current.account.devKey);
        current.sessionId = (await client.sessions.login(loginBody(current.account))).sessionId;
      }
      const reachedRoute = spec.oauth ? tokenReached : reachedTheRoute;
      if (!UNSERVED_YET.has(key)) {
        expect(
          reachedRoute(rightAnswer.status, rightAnswer.text),
          `${key}: ${rightAnswer.text.slice(0, 300)}`,
        ).toBe(true);
      }
      let reached = 0;
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(requestFor(key, spec, f), async (request) => {
          runs += 1;
          const before = counts();
          const answer = await send(t.server.url, request);
          // An armed fault or a moved clock must not leak into the next request.
          t.server.operator.faults.clear();
          t.clock.set(startTime);
          assertWellFormed(key, request, answer);
          if (answer.status >= 300 || (spec.form && isV2Refusal(answer.text))) {
            expect(
              counts(),
              `${key}: a ${answer.status} changed stored rows: ${answer.text.slice(0, 200)}`,
            ).toEqual(before);
          }
          if (reachedRoute(answer.status, answer.text)) reached += 1;
          // A logout that worked ended the fixture's session: the next requests get a new one.
          if (answer.status === 200 && LOGOUTS.has(key) && !isV2Refusal(answer.text)) {
            const client = t.client(current.account.devKey);
            current.sessionId = (await client.sessions.login(loginBody(current.account))).sessionId;
          }
        }),
        { numRuns: RUNS },
      );
      if (!UNSERVED_YET.has(key)) reachedByRoute.set(key, { reached, runs });
      // Never a crash: the server still serves.
      const live = await send(t.server.url, { method: "GET", path: "/health/live", headers: [], body: "" });
      expect(live.status).toBe(200);
    });
  }

  it("reaches the routes with generated requests too, over all routes together", () => {
    // Only when the routes ran (a filtered run may skip them).
    if (reachedByRoute.size === 0) return;
    const totals = [...reachedByRoute.values()].reduce(
      (sum, { reached, runs }) => ({ reached: sum.reached + reached, runs: sum.runs + runs }),
      { reached: 0, runs: 0 },
    );
    const routesReached = [...reachedByRoute.values()].filter(({ reached }) => reached > 0).length;
    expect(
      totals.reached,
      `${totals.reached} of ${totals.runs} generated requests reached a route (${routesReached} of ${reachedByRoute.size} routes)`,
    ).toBeGreaterThan(0);
  });
});
