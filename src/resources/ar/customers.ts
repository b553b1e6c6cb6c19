/**
 * Customers (docs/bill-v3-resources.md section 4): who pays the organization. Field names and
 * the `0cu` id prefix are BILL's (v3 Postman collection, `POST /v3/customers`).
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { formatTimestamp } from "../../clock.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import { defineResource, type ReadContext } from "../declaration.ts";
import {
  AddressInput,
  AddressView,
  addressProblems,
  addressView,
  Currency,
  EMAIL_PATTERN,
  oneOf,
  partial,
  present,
  text,
} from "../schema-kit.ts";
import { AR_READS, arLedger, customerBalance, fromCents } from "./ar-money.ts";

const ACCOUNT_TYPES = ["BUSINESS", "PERSON", "NONE"] as const;
const Email = Type.String({ maxLength: 255, pattern: EMAIL_PATTERN });

const optionalFields = {
  invoiceCurrency: Currency,
  companyName: text(0, 100),
  contact: Type.Object({ firstName: Type.Optional(text(0, 100)), lastName: Type.Optional(text(0, 100)) }),
  accountType: oneOf(ACCOUNT_TYPES),
  phone: text(0, 30),
  fax: text(0, 30),
  description: text(0, 4000),
  accountNumber: text(0, 100),
  paymentTermId: Type.String({ pattern: "^00p[0-9A-Za-z]{17}$" }),
  billingAddress: AddressInput,
  shippingAddress: AddressInput,
};

export const CreateCustomerBody = Type.Object({
  name: text(1, 100),
  email: Email,
  ...partial(optionalFields).properties,
});

export const UpdateCustomerBody = partial({ name: text(1, 100), email: Email, ...optionalFields });

const Str = Type.String();
const opt = Type.Optional;

export const CustomerSchema = Type.Object({
  id: Str,
  archived: Type.Boolean(),
  name: Str,
  email: Str,
  invoiceCurrency: Str,
  companyName: opt(Str),
  contact: opt(Type.Object({ firstName: opt(Str), lastName: opt(Str) })),
  accountType: oneOf(ACCOUNT_TYPES),
  phone: opt(Str),
  fax: opt(Str),
  description: opt(Str),
  accountNumber: opt(Str),
  paymentTermId: opt(Str),
  billingAddress: opt(AddressView),
  shippingAddress: opt(AddressView),
  balance: Type.Object({ amount: Type.Number() }),
  createdTime: Str,
  updatedTime: Str,
});

export type Customer = Static<typeof CustomerSchema>;
type CustomerData = Static<typeof CreateCustomerBody>;

function view(record: ResourceRecord, context: ReadContext): Customer {
  const data = record.data as CustomerData;
  return {
    id: record.id,
    archived: record.archived,
    name: data.name,
    email: data.email,
    invoiceCurrency: data.invoiceCurrency ?? "USD",
    ...present("companyName", data.companyName),
    ...present("contact", data.contact),
    accountType: data.accountType ?? "NONE",
    ...present("phone", data.phone),
    ...present("fax", data.fax),
    ...present("description", data.description),
    ...present("accountNumber", data.accountNumber),
    ...present("paymentTermId", data.paymentTermId),
    ...(data.billingAddress === undefined ? {} : { billingAddress: addressView(data.billingAddress) }),
    ...(data.shippingAddress === undefined ? {} : { shippingAddress: addressView(data.shippingAddress) }),
    // (ours) what the customer's unarchived invoices still owe (section 11.5).
    balance: { amount: fromCents(customerBalance(arLedger(context), record.id)) },
    createdTime: formatTimestamp(record.createdAt),
    updatedTime: formatTimestamp(record.updatedAt),
  };
}

function check(stored: Record<string, unknown>): ErrorItem[] {
  const data = stored as CustomerData;
  return [
    ...addressProblems(data.billingAddress, "billingAddress"),
    ...addressProblems(data.shippingAddress, "shippingAddress"),
  ];
}

const RANGES = ["gt", "gte", "lt", "lte"] as const;

export const customers = defineResource({
  name: "customers",
  label: "customer",
  idPrefix: "0cu",
  createBody: CreateCustomerBody,
  updateBody: UpdateCustomerBody,
  wire: CustomerSchema,
  fields: {
    id: "string",
    archived: "boolean",
    name: "string",
    companyName: "string",
    email: "string",
    phone: "string",
    fax: "string",
    description: "string",
    accountType: "string",
    invoiceCurrency: "string",
    createdTime: "datetime",
    updatedTime: "datetime",
  },
  filters: {
    id: { ops: ["eq", "ne", "in"] },
    archived: { ops: ["eq", "ne"] },
    name: { ops: ["eq", "sw"] },
    accountType: { ops: ["eq", "ne", "in", "nin"], values: ACCOUNT_TYPES },
    invoiceCurrency: { ops: ["eq", "ne", "in", "nin"] },
    createdTime: { ops: RANGES },
    updatedTime: { ops: RANGES },
  },
  sorts: [
    "archived",
    "name",
    "companyName",
    "email",
    "phone",
    "fax",
    "description",
    "invoiceCurrency",
    "createdTime",
    "updatedTime",
  ],
  defaultSort: [{ field: "createdTime", desc: false }],
  writers: ["ADMINISTRATOR", "ACCOUNTANT", "CLERK"],
  reads: AR_READS,
  build: (body) => ({ ...body }),
  check,
  view,
});

// The client's wire types are these schemas' types (client/src/types.ts).
same<Customer, Wire.Customer>(true);
same<Static<typeof CreateCustomerBody>, Wire.CreateCustomerRequest>(true);
same<Static<typeof UpdateCustomerBody>, Wire.UpdateCustomerRequest>(true);
