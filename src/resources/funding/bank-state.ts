/**
 * What other resources need to know of an organization's bank accounts (payments draw on
 * them): their kind, and whether one may fund a payment. The bank accounts' declaration
 * (funding-accounts/banks) stores `status` as BILL's wire field.
 */
import type { ResourceRecord } from "../../stores/types/resources.ts";

/** The store kind and path of bank accounts: `/connect/v3/funding-accounts/banks`. */
export const BANK_ACCOUNTS = "funding-accounts/banks";

/** A bank account a payment may draw on: verified and not archived. */
export const isVerifiedBankAccount = (record: ResourceRecord): boolean =>
  record.kind === BANK_ACCOUNTS && !record.archived && record.data.status === "VERIFIED";
