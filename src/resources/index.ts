/** Every resource declaration billet serves, in the order of BILL's reference. */
import { bills } from "./ap/bills.ts";
import { vendors } from "./ap/vendors.ts";
import { customers } from "./ar/customers.ts";
import type { ResourceDeclaration } from "./declaration.ts";
import { bankAccounts } from "./funding/banks.ts";

export const RESOURCES: readonly ResourceDeclaration[] = [vendors, bills, customers, bankAccounts];
