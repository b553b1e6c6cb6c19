/**
 * A vendor's bank account (docs/bill-v3-resources.md 2.7 and 8.4): one per vendor, held in the
 * vendor record's `paymentInformation.bankAccount` (so adding or removing it is one write of
 * one record), read, added and removed through `/v3/vendors/{vendorId}/bank-account`. To
 * change it BILL deletes and creates again; there is no update.
 */
import type { Static } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import type { Change } from "../declaration.ts";
import { isAbaRoutingNumber } from "../schema-kit.ts";
import { BankAccountInput, VendorBankAccountSchema } from "./vendors.ts";

export { BankAccountInput as CreateVendorBankAccountBody, VendorBankAccountSchema };

type PaymentInformation = { bankAccount?: Record<string, unknown> } & Record<string, unknown>;

const paymentOf = (data: Record<string, unknown>) => (data.paymentInformation ?? {}) as PaymentInformation;

/** The rules of a new bank account beyond its schema: a real ABA routing number. */
export const bankAccountProblems = (body: Static<typeof BankAccountInput>): ErrorItem[] =>
  isAbaRoutingNumber(body.routingNumber)
    ? []
    : [{ key: "INVALID_VALUE", params: { paramName0: "routingNumber" } }];

/** Adds the bank account to a vendor that has none; one already there is 409 BDC_9008. */
export function addBankAccount(record: ResourceRecord, body: Static<typeof BankAccountInput>): Change {
  const payment = paymentOf(record.data);
  if (payment.bankAccount !== undefined) {
    return { errors: [{ key: "ALREADY_EXISTS", params: { paramName0: "bankAccount" } }] };
  }
  return { data: { ...record.data, paymentInformation: { ...payment, bankAccount: { ...body } } } };
}

/** Removes a vendor's bank account; none is 404 BDC_9005 naming `bankAccount`. */
export function removeBankAccount(record: ResourceRecord): Change {
  const { bankAccount, ...rest } = paymentOf(record.data);
  if (bankAccount === undefined) return { errors: [noBankAccount] };
  const { paymentInformation: _old, ...data } = record.data;
  return { data: Object.keys(rest).length > 0 ? { ...data, paymentInformation: rest } : data };
}

export const noBankAccount: ErrorItem = { key: "NOT_FOUND", params: { paramName0: "bankAccount" } };

/** The bank account of a vendor's wire object (masked, defaults applied), if it has one. */
export const bankAccountOfView = (vendor: Record<string, unknown>) =>
  (vendor.paymentInformation as { bankAccount?: Static<typeof VendorBankAccountSchema> } | undefined)
    ?.bankAccount;

same<Static<typeof VendorBankAccountSchema>, Wire.VendorBankAccount>(true);
same<Static<typeof BankAccountInput>, Wire.VendorBankAccountInput>(true);
