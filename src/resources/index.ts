/**
 * Every resource declaration billet serves, in dependency order (a kind after the kinds it
 * names): its routes (the generic ones its `routes` allows; payments have their own, in
 * src/routes/payments.ts), lists, operator views, console tables and seed support.
 */

import { approvalPolicies } from "./ap/approval-policies.ts";
import { bills } from "./ap/bills.ts";
import { payments } from "./ap/payments.ts";
import { vendorCredits } from "./ap/vendor-credits.ts";
import { vendors } from "./ap/vendors.ts";
import { creditMemos } from "./ar/credit-memos.ts";
import { customers } from "./ar/customers.ts";
import { invoices } from "./ar/invoices.ts";
import { receivablePayments } from "./ar/receivable-payments.ts";
import { accountingClasses } from "./classifications/accounting-classes.ts";
import { chartOfAccounts } from "./classifications/chart-of-accounts.ts";
import { departments } from "./classifications/departments.ts";
import { employees } from "./classifications/employees.ts";
import { items } from "./classifications/items.ts";
import { jobs } from "./classifications/jobs.ts";
import { locations } from "./classifications/locations.ts";
import type { ResourceDeclaration } from "./declaration.ts";
import { bankAccounts } from "./funding/banks.ts";

export const RESOURCES: readonly ResourceDeclaration[] = [
  vendors,
  bills,
  payments,
  approvalPolicies,
  vendorCredits,
  customers,
  invoices,
  receivablePayments,
  creditMemos,
  chartOfAccounts,
  accountingClasses,
  departments,
  employees,
  items,
  jobs,
  locations,
  bankAccounts,
];

/**
 * The kinds a seed file may declare: those made by their own generic create. Payments and
 * receivable payments are made by actions (pay a bill, record a payment) whose rules a seed
 * must not bypass; they are served, listed and shown like the rest.
 */
export const SEEDABLE: readonly ResourceDeclaration[] = RESOURCES.filter(
  (declaration) => declaration.routes === undefined || declaration.routes.includes("create"),
);
