/**
 * v2's `VendorCredit` with its `VendorCreditLineItem`s [3P v2 SDK entity descriptions, after
 * BILL's v2 field table; DP v2 "Read a SentPay": credits applied through PayBills] over the
 * v3 `vendor-credits` resource (docs/bill-v3-resources.md 9.7). `refNumber` is v3's
 * `referenceNumber`; `creditStatus` "0" fully applied, "1" unapplied, "2" partially applied.
 * v3 lines have an amount only: a v2 line with `quantity` and `unitPrice` and no amount is
 * written as their product (ours). An archived v3 vendor credit cannot be restored, so v2's
 * Undelete has nothing to map to.
 */

import { fromStatusCode } from "./bill.ts";
import {
  BASE_LIST_FIELDS,
  cents,
  conversion,
  dateValue,
  defined,
  idValue,
  isActiveOf,
  LINE_CLASSIFICATIONS as K,
  listFields,
  missing,
  NO_ID,
  numberOrNull,
  numberValue,
  readClassifications,
  textOrNull,
  textValue,
  type V2EntityMapping,
  V2Reader,
  v2Time,
  writeClassifications,
} from "./common.ts";

const LINE_KINDS = [
  K.chartOfAccount,
  K.department,
  K.location,
  K.job,
  K.customer,
  K.item,
  K.employee,
  K.actgClass,
];

export const CREDIT_STATUS: Readonly<Record<string, string>> = {
  FULLY_APPLIED: "0",
  NOT_APPLIED: "1",
  PARTIALLY_APPLIED: "2",
};

function lineToV2(line: Readonly<Record<string, unknown>>, credit: Readonly<Record<string, unknown>>) {
  const ids = writeClassifications(line.classifications, LINE_KINDS);
  return {
    entity: "VendorCreditLineItem",
    id: line.id,
    vendorCreditId: credit.id,
    amount: line.amount,
    chartOfAccountId: ids.chartOfAccountId,
    departmentId: ids.departmentId,
    locationId: ids.locationId,
    jobId: ids.jobId,
    customerId: ids.customerId,
    jobBillable: false,
    description: textOrNull(line.description),
    createdTime: v2Time(credit.createdTime),
    updatedTime: v2Time(credit.updatedTime),
    lineType: ids.itemId === NO_ID ? "1" : "2",
    itemId: ids.itemId,
    quantity: null,
    unitPrice: null,
    employeeId: ids.employeeId,
    actgClassId: ids.actgClassId,
  };
}

export const vendorCredit: V2EntityMapping = {
  name: "VendorCredit",
  resource: "vendor-credits",
  deletes: "archive",
  updateBy: "replace",

  toV2(v3) {
    const lines = Array.isArray(v3.vendorCreditLineItems)
      ? (v3.vendorCreditLineItems as Record<string, unknown>[])
      : [];
    return {
      entity: "VendorCredit",
      id: v3.id,
      isActive: isActiveOf(v3.archived),
      vendorId: v3.vendorId,
      refNumber: textOrNull(v3.referenceNumber),
      approvalStatus: "0",
      creditDate: textOrNull(v3.creditDate),
      glPostingDate: null,
      amount: numberOrNull(v3.amount),
      appliedAmount: numberOrNull(v3.appliedAmount),
      creditStatus:
        (typeof v3.status === "string" && Object.hasOwn(CREDIT_STATUS, v3.status)
          ? CREDIT_STATUS[v3.status]
          : undefined) ?? "1",
      description: textOrNull(v3.description),
      createdTime: v2Time(v3.createdTime),
      updatedTime: v2Time(v3.updatedTime),
      vendorCreditLineItems: lines.map((line) => lineToV2(line, v3)),
    };
  },

  toV3(v2, action) {
    const r = new V2Reader(v2);
    r.entity("VendorCredit");
    r.isActive();
    const header = {
      vendorId: r.requiredId("vendorId", "009"),
      referenceNumber: r.requiredText("refNumber", 100),
      creditDate: r.requiredDate("creditDate"),
      description: r.text("description"),
    };
    const lines = r.objects("vendorCreditLineItems");
    if (lines === undefined || lines.length === 0) r.problem ??= missing("vendorCreditLineItems");
    const vendorCreditLineItems = (lines ?? []).map((line, i) => {
      line.entity("VendorCreditLineItem");
      const quantity = line.number("quantity");
      const unitPrice = line.number("unitPrice");
      const amount =
        line.number("amount") ??
        (quantity !== undefined && unitPrice !== undefined ? cents(quantity * unitPrice) / 100 : undefined);
      if (amount === undefined) line.problem ??= missing(`vendorCreditLineItems[${i}].amount`);
      const item = defined({
        id: action === "update" ? line.id("id", "vcl") : undefined,
        amount,
        description: line.text("description"),
        classifications: readClassifications(line, LINE_KINDS),
      });
      r.adopt(line);
      return item;
    });
    return conversion(r, defined({ ...header, vendorCreditLineItems }));
  },

  listField: listFields({
    ...BASE_LIST_FIELDS,
    vendorId: { field: "vendorId", value: idValue },
    refNumber: { field: "referenceNumber", value: textValue },
    creditDate: { field: "creditDate", value: dateValue },
    creditStatus: { field: "status", value: fromStatusCode(CREDIT_STATUS) },
    amount: { field: "amount", value: numberValue },
    appliedAmount: { field: "appliedAmount", value: numberValue },
  }),
};
