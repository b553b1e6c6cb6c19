/**
 * The organization's own bank accounts (docs/bill-v3-resources.md section 8): what payments
 * draw on. `POST /v3/funding-accounts/banks` makes one `PENDING`; `…/verify` with the test
 * deposit makes it `VERIFIED` (bank-state.ts: only then may a payment use it). Field names,
 * enums and the `bac` prefix are BILL's; the account number is stored as given and shown
 * masked.
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { formatTimestamp } from "../../clock.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import { type Change, defineResource } from "../declaration.ts";
import { mergePatch } from "../engine.ts";
import { isAbaRoutingNumber, maskAccountNumber, oneOf, partial, present, text } from "../schema-kit.ts";
import { BANK_ACCOUNTS } from "./bank-state.ts";

/** BILL's bank account statuses ([PM] and the v2 reference's verification statuses). */
export const BANK_ACCOUNT_STATUSES = [
  "NOT_VERIFIED",
  "PENDING",
  "VERIFIED",
  "BLOCKED",
  "EXPIRED",
  "INVALID",
] as const;
export type BankAccountStatus = (typeof BANK_ACCOUNT_STATUSES)[number];

/** (ours, BILL's sandbox rule) The test deposit of every bank account: `depositAmount: 0.50`. */
export const SANDBOX_DEPOSIT_CENTS = 50;
/** Wrong deposit amounts before an account is `BLOCKED` ("after three attempts" [PM]). */
export const VERIFY_ATTEMPTS = 3;

const ACCOUNT_TYPES = ["CHECKING", "SAVINGS"] as const;
const OWNER_TYPES = ["BUSINESS", "PERSONAL"] as const;
const ChartOfAccountId = Type.String({ pattern: "^0ca[0-9A-Za-z]{17}$" });

export const CreateBankAccountBody = Type.Object({
  nameOnAccount: text(1, 100),
  routingNumber: Type.String({ pattern: "^[0-9]{9}$" }),
  accountNumber: Type.String({ pattern: "^[0-9]{4,17}$" }),
  type: oneOf(ACCOUNT_TYPES),
  ownerType: oneOf(OWNER_TYPES),
  bankName: Type.Optional(text(0, 100)),
  accessToAdmins: Type.Optional(Type.Boolean()),
  chartOfAccountId: Type.Optional(ChartOfAccountId),
});

/** PATCH: BILL's update fields; `routingNumber`, `accountNumber` and `type` never change. */
export const UpdateBankAccountBody = partial({
  nameOnAccount: text(1, 100),
  ownerType: oneOf(OWNER_TYPES),
  bankName: text(0, 100),
  accessToAdmins: Type.Boolean(),
  default: Type.Object({
    payables: Type.Optional(Type.Boolean()),
    receivables: Type.Optional(Type.Boolean()),
  }),
  chartOfAccountId: ChartOfAccountId,
});

const Str = Type.String();
const opt = Type.Optional;

export const BankAccountSchema = Type.Object({
  id: Str,
  archived: Type.Boolean(),
  status: oneOf(BANK_ACCOUNT_STATUSES),
  createdBy: opt(Str),
  routingNumber: Str,
  accountNumber: Str,
  nameOnAccount: Str,
  type: oneOf(ACCOUNT_TYPES),
  ownerType: oneOf(OWNER_TYPES),
  bankName: opt(Str),
  accessToAdmins: Type.Boolean(),
  default: Type.Object({ payables: Type.Boolean(), receivables: Type.Boolean() }),
  chartOfAccountId: opt(Str),
  createdTime: Str,
  updatedTime: Str,
});

/** `POST /v3/funding-accounts/banks/{bankAccountId}/verify` body and answer [PM]. */
export const VerifyBankAccountBody = Type.Object({
  depositAmount: Type.Number({ minimum: 0.01, maximum: 0.99 }),
});
export const VerifyBankAccountResponse = Type.Object({ verified: Type.Boolean() });

export type BankAccount = Static<typeof BankAccountSchema>;

/** What is stored: the create's fields (the number in full), status, defaults, who made it. */
interface BankAccountData extends Static<typeof CreateBankAccountBody> {
  status: BankAccountStatus;
  default?: { payables?: boolean; receivables?: boolean };
  createdBy?: string;
  /** Wrong deposit amounts so far (never on the wire). */
  failedVerifications?: number;
}

const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });

/** (ours) BILL's rule "status must be VERIFIED" for updates and archives: BDC_9001 naming `status`. */
const notVerified = (data: Record<string, unknown>): ErrorItem[] =>
  data.status === "VERIFIED" ? [] : [invalid("status")];

function view(record: ResourceRecord): BankAccount {
  const data = record.data as unknown as BankAccountData;
  return {
    id: record.id,
    archived: record.archived,
    status: data.status,
    ...present("createdBy", data.createdBy),
    routingNumber: data.routingNumber,
    accountNumber: maskAccountNumber(data.accountNumber),
    nameOnAccount: data.nameOnAccount,
    type: data.type,
    ownerType: data.ownerType,
    ...present("bankName", data.bankName),
    accessToAdmins: data.accessToAdmins ?? false,
    default: { payables: data.default?.payables ?? false, receivables: data.default?.receivables ?? false },
    ...present("chartOfAccountId", data.chartOfAccountId),
    createdTime: formatTimestamp(record.createdAt),
    updatedTime: formatTimestamp(record.updatedAt),
  };
}

/**
 * A verify (section 8.3): the sandbox's test deposit makes a pending account VERIFIED; a wrong
 * amount counts, and the third wrong one BLOCKS it. A verified account stays verified and a
 * blocked one blocked, whatever the amount.
 */
export function verifyChange(stored: Record<string, unknown>, depositCents: number): Change {
  const data = stored as unknown as BankAccountData;
  if (data.status !== "PENDING" && data.status !== "NOT_VERIFIED") return { data: stored };
  if (depositCents === SANDBOX_DEPOSIT_CENTS) {
    const { failedVerifications: _failed, ...rest } = data;
    return { data: { ...rest, status: "VERIFIED" } };
  }
  const failed = (data.failedVerifications ?? 0) + 1;
  return {
    data: {
      ...data,
      failedVerifications: failed,
      status: failed >= VERIFY_ATTEMPTS ? "BLOCKED" : data.status,
    },
  };
}

export const bankAccounts = defineResource({
  name: BANK_ACCOUNTS,
  label: "bank account",
  idPrefix: "bac",
  createBody: CreateBankAccountBody,
  updateBody: UpdateBankAccountBody,
  wire: BankAccountSchema,
  fields: {
    id: "string",
    archived: "boolean",
    status: "string",
    type: "string",
    ownerType: "string",
    accessToAdmins: "boolean",
    nameOnAccount: "string",
    bankName: "string",
    createdTime: "datetime",
    updatedTime: "datetime",
  },
  filters: {
    id: { ops: ["eq", "ne", "in"] },
    archived: { ops: ["eq", "ne"] },
    status: { ops: ["eq", "ne", "in", "nin"], values: BANK_ACCOUNT_STATUSES },
    type: { ops: ["eq", "ne"], values: ACCOUNT_TYPES },
    ownerType: { ops: ["eq", "ne"], values: OWNER_TYPES },
    accessToAdmins: { ops: ["eq", "ne"] },
    createdTime: { ops: ["gt", "gte", "lt", "lte"] },
    updatedTime: { ops: ["gt", "gte", "lt", "lte"] },
  },
  sorts: [
    "archived",
    "nameOnAccount",
    "type",
    "ownerType",
    "bankName",
    "accessToAdmins",
    "createdTime",
    "updatedTime",
  ],
  defaultSort: [{ field: "createdTime", desc: false }],
  restore: false,
  createMfaProtected: true,
  // "The currently signed-in user must have the ADMINISTRATOR user role" [PM: create].
  writers: ["ADMINISTRATOR"],
  build: (body, context) => ({
    ...body,
    status: "PENDING",
    default: { payables: false, receivables: false },
    createdBy: context.userId,
  }),
  check: (data) => (isAbaRoutingNumber(String(data.routingNumber ?? "")) ? [] : [invalid("routingNumber")]),
  checkPatch: (patch) =>
    ["routingNumber", "accountNumber", "type"].filter((field) => field in patch).map(invalid),
  merge: (data, patch) => {
    const refused = notVerified(data);
    return refused.length > 0 ? { errors: refused } : { data: mergePatch(data, patch) };
  },
  checkArchive: (record) => notVerified(record.data),
  view,
});

// The client's wire types are these schemas' types (client/src/wire/funding.ts).
same<BankAccount, Wire.BankAccount>(true);
same<Static<typeof CreateBankAccountBody>, Wire.CreateBankAccountRequest>(true);
same<Static<typeof UpdateBankAccountBody>, Wire.UpdateBankAccountRequest>(true);
same<Static<typeof VerifyBankAccountBody>, Wire.VerifyBankAccountRequest>(true);
same<Static<typeof VerifyBankAccountResponse>, Wire.VerifyBankAccountResponse>(true);
