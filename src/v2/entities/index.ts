/**
 * Every v2 entity billet serves, over the v3 resources of src/resources/
 * (docs/bill-sign-in-modes.md 2.9). Each is a `V2Entity` (src/v2/entity.ts) that also says how
 * its Update is applied (`updateBy`, common.ts).
 */

import { bill } from "./bill.ts";
import { actgClass, chartOfAccount, department, employee, job, location } from "./classifications.ts";
import type { V2EntityMapping } from "./common.ts";
import { customer } from "./customer.ts";
import { invoice } from "./invoice.ts";
import { item } from "./item.ts";
import { vendor } from "./vendor.ts";
import { vendorCredit } from "./vendor-credit.ts";

export const V2_ENTITIES: readonly V2EntityMapping[] = [
  vendor,
  bill,
  vendorCredit,
  customer,
  invoice,
  chartOfAccount,
  actgClass,
  department,
  location,
  employee,
  job,
  item,
];

/** The entity of a v2 name (`Vendor`), or undefined (a prototype key is no entity). */
export const v2Entity = (name: string): V2EntityMapping | undefined =>
  V2_ENTITIES.find((entity) => entity.name === name);
