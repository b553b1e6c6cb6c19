/**
 * Every resource declaration billet serves with the generic routes, in the order of BILL's
 * reference. Payments (ap/payments.ts) have their own routes (src/routes/payments.ts).
 */
import { bills } from "./ap/bills.ts";
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
