/**
 * Vendors (docs/bill-v3-resources.md section 2): whom an organization pays. Field names,
 * enums and the `009` id prefix are BILL's (v3 Postman collection, `POST /v3/vendors`); the
 * computed fields follow section 2.5.
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { formatTimestamp } from "../../clock.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import { defineResource } from "../declaration.ts";
import {
  AddressInput,
  AddressView,
  addressProblems,
  addressView,
  Currency,
  EMAIL_PATTERN,
  Email,
  isAbaRoutingNumber,
  maskAccountNumber,
  oneOf,
  partial,
  present,
  text,
} from "../schema-kit.ts";

export const VENDOR_ACCOUNT_TYPES = ["BUSINESS", "PERSON", "NONE"] as const;
export const TAX_ID_TYPES = ["SSN", "EIN"] as const;
const ACCOUNT_TYPES_OUT = ["BUSINESS", "PERSON", "NONE", "UNDEFINED"] as const;

/** A vendor bank account as sent: on create, and on `POST /v3/vendors/{vendorId}/bank-account`. */
export const BankAccountInput = Type.Object({
  nameOnAccount: text(1, 100),
  accountNumber: Type.String({ pattern: "^([0-9]{4,17}|[A-Z]{2}[0-9]{2}[A-Za-z0-9]{11,30})$" }),
  routingNumber: Type.String({ pattern: "^[0-9]{9}$" }),
  type: Type.Optional(oneOf(["CHECKING", "SAVINGS"])),
  ownerType: Type.Optional(oneOf(["BUSINESS", "PERSONAL"])),
  paymentCurrency: Type.Optional(Currency),
});

const PaymentPurpose = Type.Object({
  text: Type.Optional(text(0, 140)),
  code: Type.Optional(Type.Object({ name: text(0, 140), value: text(0, 140) })),
});

const paymentFields = {
  payeeName: Type.Optional(text(0, 100)),
  email: Type.Optional(Email),
  paymentPurpose: Type.Optional(PaymentPurpose),
};

const AdditionalInfo = Type.Object({
  taxId: Type.Optional(text(0, 20)),
  taxIdType: Type.Optional(oneOf(TAX_ID_TYPES)),
  track1099: Type.Optional(Type.Boolean()),
  leadTimeInDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  combinePayments: Type.Optional(Type.Boolean()),
  paymentTermId: Type.Optional(Type.String({ pattern: "^00p[0-9A-Za-z]{17}$" })),
  companyName: Type.Optional(text(0, 100)),
});

const AutoPay = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  bankAccountId: Type.Optional(Type.String({ pattern: "^bac[0-9A-Za-z]{17}$" })),
  maxAmount: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  daysBeforeDueDate: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
});

const writable = {
  shortName: text(0, 40),
  accountNumber: text(0, 100),
  accountType: oneOf(VENDOR_ACCOUNT_TYPES),
  email: Type.String({ maxLength: 255, pattern: EMAIL_PATTERN }),
  phone: text(0, 30),
  address: AddressInput,
  additionalInfo: AdditionalInfo,
  billCurrency: Currency,
  autoPay: AutoPay,
};

export const CreateVendorBody = Type.Object({
  name: text(1, 100),
  ...partial(writable).properties,
  paymentInformation: Type.Optional(
    Type.Object({ ...paymentFields, bankAccount: Type.Optional(BankAccountInput) }),
  ),
});

/** PATCH takes every optional field except the bank account (its own endpoints). */
export const UpdateVendorBody = partial({
  name: text(1, 100),
  ...writable,
  paymentInformation: Type.Object(paymentFields),
});

const Str = Type.String();
const opt = Type.Optional;

/** A vendor bank account on the wire (in a vendor, and `GET /v3/vendors/{vendorId}/bank-account`). */
export const VendorBankAccountSchema = Type.Object({
  nameOnAccount: Str,
  accountNumber: Str,
  routingNumber: Str,
  type: oneOf(["CHECKING", "SAVINGS"]),
  ownerType: oneOf(["BUSINESS", "PERSONAL"]),
  paymentCurrency: Str,
});

export const VendorSchema = Type.Object({
  id: Str,
  archived: Type.Boolean(),
  name: Str,
  shortName: opt(Str),
  accountNumber: opt(Str),
  accountType: oneOf(ACCOUNT_TYPES_OUT),
  email: opt(Str),
  phone: opt(Str),
  address: opt(AddressView),
  paymentInformation: Type.Object({
    payeeName: opt(Str),
    email: opt(Str),
    payByType: oneOf(["ACH", "CHECK", "UNDEFINED"]),
    bankAccount: opt(VendorBankAccountSchema),
    paymentPurpose: opt(Type.Object({ text: opt(Str), code: opt(Type.Object({ name: Str, value: Str })) })),
  }),
  additionalInfo: Type.Object({
    taxId: opt(Str),
    taxIdType: opt(oneOf(TAX_ID_TYPES)),
    track1099: Type.Boolean(),
    leadTimeInDays: opt(Type.Integer()),
    combinePayments: Type.Boolean(),
    paymentTermId: opt(Str),
    companyName: opt(Str),
  }),
  autoPay: opt(
    Type.Object({
      enabled: Type.Boolean(),
      bankAccountId: opt(Str),
      maxAmount: opt(Type.Number()),
      daysBeforeDueDate: opt(Type.Integer()),
    }),
  ),
  bankAccountStatus: oneOf(["NO_ACCOUNT", "NO_NET_LINKED_ACCOUNT"]),
  recurringPayments: Type.Boolean(),
  billCurrency: Str,
  balance: Type.Object({ amount: Type.Number(), lastUpdatedDate: opt(Str) }),
  networkStatus: oneOf(["NOT_CONNECTED", "PENDING", "CONNECTED", "CONNECTED_RPPS"]),
  createdTime: Str,
  updatedTime: Str,
});

export type Vendor = Static<typeof VendorSchema>;
type VendorData = Static<typeof CreateVendorBody>;

function view(record: ResourceRecord): Vendor {
  const data = record.data as VendorData;
  const payment = data.paymentInformation ?? {};
  const bank = payment.bankAccount;
  const info = data.additionalInfo ?? {};
  const address = data.address;
  const checkAddress = address?.line1 && address.city && address.zipOrPostalCode && address.country;
  return {
    id: record.id,
    archived: record.archived,
    name: data.name,
    ...present("shortName", data.shortName),
    ...present("accountNumber", data.accountNumber),
    accountType: data.accountType ?? "NONE",
    ...present("email", data.email),
    ...present("phone", data.phone),
    ...(address === undefined ? {} : { address: addressView(address) }),
    paymentInformation: {
      payeeName: payment.payeeName ?? data.name,
      ...present("email", payment.email),
      payByType: bank ? "ACH" : checkAddress ? "CHECK" : "UNDEFINED",
      ...(bank
        ? {
            bankAccount: {
              nameOnAccount: bank.nameOnAccount,
              accountNumber: maskAccountNumber(bank.accountNumber),
              routingNumber: bank.routingNumber,
              type: bank.type ?? "CHECKING",
              ownerType: bank.ownerType ?? (data.accountType === "PERSON" ? "PERSONAL" : "BUSINESS"),
              paymentCurrency: bank.paymentCurrency ?? data.billCurrency ?? "USD",
            },
          }
        : {}),
      ...present("paymentPurpose", payment.paymentPurpose),
    },
    additionalInfo: {
      ...present("taxId", info.taxId),
      ...present("taxIdType", info.taxIdType),
      track1099: info.track1099 ?? false,
      ...present("leadTimeInDays", info.leadTimeInDays),
      combinePayments: info.combinePayments ?? false,
      ...present("paymentTermId", info.paymentTermId),
      ...present("companyName", info.companyName),
    },
    ...(data.autoPay === undefined
      ? {}
      : { autoPay: { ...data.autoPay, enabled: data.autoPay.enabled ?? false } }),
    bankAccountStatus: bank ? "NO_NET_LINKED_ACCOUNT" : "NO_ACCOUNT",
    recurringPayments: false,
    billCurrency: data.billCurrency ?? "USD",
    balance: { amount: 0 },
    networkStatus: "NOT_CONNECTED",
    createdTime: formatTimestamp(record.createdAt),
    updatedTime: formatTimestamp(record.updatedAt),
  };
}

const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });

/** Rules across fields (section 2.3). */
function check(stored: Record<string, unknown>): ErrorItem[] {
  const data = stored as VendorData;
  const problems: ErrorItem[] = [];
  if (data.additionalInfo?.taxIdType !== undefined && data.additionalInfo.taxId === undefined) {
    problems.push(invalid("additionalInfo.taxIdType"));
  }
  if (data.autoPay?.enabled === true && data.autoPay.bankAccountId === undefined) {
    problems.push({ key: "MISSING_PARAMETER", params: { paramName0: "autoPay.bankAccountId" } });
  }
  problems.push(...addressProblems(data.address, "address"));
  const routing = data.paymentInformation?.bankAccount?.routingNumber;
  if (routing !== undefined && !isAbaRoutingNumber(routing)) {
    problems.push(invalid("paymentInformation.bankAccount.routingNumber"));
  }
  return problems;
}

const CHANGES_AND_RANGES = ["gt", "gte", "lt", "lte"] as const;

export const vendors = defineResource({
  name: "vendors",
  label: "vendor",
  idPrefix: "009",
  createBody: CreateVendorBody,
  updateBody: UpdateVendorBody,
  wire: VendorSchema,
  fields: {
    id: "string",
    archived: "boolean",
    name: "string",
    shortName: "string",
    email: "string",
    phone: "string",
    accountType: "string",
    "address.country": "string",
    billCurrency: "string",
    createdTime: "datetime",
    updatedTime: "datetime",
  },
  filters: {
    id: { ops: ["eq", "ne", "in"] },
    archived: { ops: ["eq", "ne"] },
    name: { ops: ["eq", "sw"] },
    accountType: { ops: ["eq", "ne", "in", "nin"], values: ACCOUNT_TYPES_OUT },
    "address.country": { ops: ["eq", "ne"] },
    billCurrency: { ops: ["eq", "ne", "in", "nin"] },
    createdTime: { ops: CHANGES_AND_RANGES },
    updatedTime: { ops: CHANGES_AND_RANGES },
  },
  sorts: ["archived", "name", "shortName", "email", "phone", "billCurrency", "createdTime", "updatedTime"],
  defaultSort: [{ field: "createdTime", desc: false }],
  bulk: { max: 20, wrap: "vendors" },
  writers: ["ADMINISTRATOR", "ACCOUNTANT", "CLERK"],
  build: (body) => ({ ...body }),
  check,
  checkPatch: (patch) => {
    const payment = patch.paymentInformation;
    const hasBank = payment !== null && typeof payment === "object" && "bankAccount" in payment;
    return hasBank ? [invalid("paymentInformation.bankAccount")] : [];
  },
  view,
});

// The client's wire types are these schemas' types (client/src/types.ts).
same<Vendor, Wire.Vendor>(true);
same<Static<typeof CreateVendorBody>, Wire.CreateVendorRequest>(true);
same<Static<typeof UpdateVendorBody>, Wire.UpdateVendorRequest>(true);
