/**
 * v2's `Invoice` with its `InvoiceLineItem`s [DP v2 "Create an invoice": developer.bill.com/
 * v2/reference/ar-customertransactions-createinvoice] over the v3 `invoices` resource
 * (docs/bill-v3-resources.md section 11). v2's `customerId` is v3's `customer.id`; the
 * invoice's flat `departmentId`, `locationId`, `actgClassId` and `jobId` are v3's
 * `classifications`; `amount` and `amountDue` are `totalAmount` and `dueAmount`. A line's
 * `ratePercent` [DP: "amount is (ratePercent) x (sum of other line item amount values)"] has no
 * v3 field: it is turned into that amount when written (ours).
 */

import { fromStatusCode } from "./bill.ts";
import {
  BASE_LIST_FIELDS,
  cents,
  conversion,
  dateValue,
  defined,
  idOrNone,
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

const HEADER_KINDS = [K.department, K.location, K.actgClass, K.job];
const LINE_KINDS = [K.item, K.chartOfAccount, K.department, K.location, K.actgClass, K.job];

/** v2's invoice `paymentStatus` codes (as a bill's): "0" paid, "1" open, "2" partial, "4" scheduled. */
export const INVOICE_PAYMENT_STATUS: Readonly<Record<string, string>> = {
  PAID: "0",
  OPEN: "1",
  PARTIAL_PAYMENT: "2",
  SCHEDULED: "4",
};

function lineToV2(line: Readonly<Record<string, unknown>>, invoice: Readonly<Record<string, unknown>>) {
  const ids = writeClassifications(line.classifications, LINE_KINDS);
  return {
    entity: "InvoiceLineItem",
    id: line.id,
    createdTime: v2Time(invoice.createdTime),
    updatedTime: v2Time(invoice.updatedTime),
    invoiceId: invoice.id,
    itemId: ids.itemId,
    quantity: numberOrNull(line.quantity),
    amount: numberOrNull(line.amount),
    price: numberOrNull(line.price),
    serviceDate: null,
    ratePercent: null,
    chartOfAccountId: ids.chartOfAccountId,
    departmentId: ids.departmentId,
    locationId: ids.locationId,
    actgClassId: ids.actgClassId,
    jobId: ids.jobId,
    description: textOrNull(line.description),
    taxable: false,
    taxCode: null,
  };
}

/** The lines as v3 takes them, each `ratePercent` line as the amount it makes of the lines above. */
function linesToV3(r: V2Reader, lines: readonly V2Reader[], action: "create" | "update") {
  let above = 0;
  return lines.map((line) => {
    line.entity("InvoiceLineItem");
    const quantity = line.number("quantity");
    const price = line.number("price");
    const ratePercent = line.number("ratePercent");
    let amount = line.number("amount");
    if (amount === undefined && ratePercent !== undefined) {
      amount = (Math.sign(above * ratePercent) * Math.round(Math.abs(above * ratePercent) / 100)) / 100;
    }
    above += amount !== undefined ? cents(amount) : cents((quantity ?? 0) * (price ?? 0));
    const item = defined({
      id: action === "update" ? line.id("id", "ili") : undefined,
      amount,
      ...(ratePercent !== undefined && line.raw("amount") === undefined ? {} : { quantity, price }),
      description: line.text("description"),
      classifications: readClassifications(line, LINE_KINDS),
    });
    r.adopt(line);
    return item;
  });
}

export const invoice: V2EntityMapping = {
  name: "Invoice",
  resource: "invoices",
  deletes: "archive",
  updateBy: "replace",

  toV2(v3) {
    const ids = writeClassifications(v3.classifications, HEADER_KINDS);
    const lines = Array.isArray(v3.invoiceLineItems)
      ? (v3.invoiceLineItems as Record<string, unknown>[])
      : [];
    return {
      entity: "Invoice",
      id: v3.id,
      isActive: isActiveOf(v3.archived),
      createdTime: v2Time(v3.createdTime),
      updatedTime: v2Time(v3.updatedTime),
      customerId: v3.customerId,
      invoiceNumber: textOrNull(v3.invoiceNumber),
      invoiceDate: textOrNull(v3.invoiceDate),
      dueDate: textOrNull(v3.dueDate),
      glPostingDate: null,
      amount: numberOrNull(v3.totalAmount),
      amountDue: numberOrNull(v3.dueAmount),
      paymentStatus:
        (typeof v3.status === "string" && Object.hasOwn(INVOICE_PAYMENT_STATUS, v3.status)
          ? INVOICE_PAYMENT_STATUS[v3.status]
          : undefined) ?? "1",
      description: null,
      poNumber: null,
      isToBePrinted: false,
      isToBeEmailed: false,
      lastSentTime: null,
      itemSalesTax: NO_ID,
      salesTaxPercentage: 0,
      salesTaxTotal: 0,
      terms: null,
      salesRep: null,
      FOB: null,
      shipDate: null,
      shipMethod: null,
      departmentId: ids.departmentId,
      locationId: ids.locationId,
      actgClassId: ids.actgClassId,
      jobId: ids.jobId,
      payToBankAccountId: NO_ID,
      payToChartOfAccountId: idOrNone(v3.payToChartOfAccountId),
      invoiceTemplateId: NO_ID,
      hasAutoPay: false,
      source: "0",
      emailDeliveryOption: "1",
      mailDeliveryOption: "0",
      creditAmount: numberOrNull(v3.creditAmount),
      exchangeRate: numberOrNull(v3.exchangeRate),
      invoiceLineItems: lines.map((line) => lineToV2(line, v3)),
    };
  },

  toV3(v2, action) {
    const r = new V2Reader(v2);
    r.entity("Invoice");
    r.isActive();
    const customerId = r.requiredId("customerId", "0cu");
    const header = {
      customer: customerId === undefined ? undefined : { id: customerId },
      invoiceNumber: r.text("invoiceNumber", 100),
      invoiceDate: r.date("invoiceDate"),
      dueDate: r.date("dueDate"),
      payToChartOfAccountId: r.id("payToChartOfAccountId", "0ca"),
      classifications: readClassifications(r, HEADER_KINDS),
      creditAmount: r.number("creditAmount"),
      exchangeRate: r.number("exchangeRate"),
    };
    const lines = r.objects("invoiceLineItems");
    if (lines === undefined || lines.length === 0) r.problem ??= missing("invoiceLineItems");
    const invoiceLineItems = linesToV3(r, lines ?? [], action);
    return conversion(r, defined({ ...header, invoiceLineItems }));
  },

  listField: listFields({
    ...BASE_LIST_FIELDS,
    customerId: { field: "customerId", value: idValue },
    invoiceNumber: { field: "invoiceNumber", value: textValue },
    invoiceDate: { field: "invoiceDate", value: dateValue },
    dueDate: { field: "dueDate", value: dateValue },
    paymentStatus: { field: "status", value: fromStatusCode(INVOICE_PAYMENT_STATUS) },
    amount: { field: "totalAmount", value: numberValue },
    amountDue: { field: "dueAmount", value: numberValue },
    payToChartOfAccountId: { field: "payToChartOfAccountId", value: idValue },
    departmentId: { field: "classifications.departmentId", value: idValue },
    locationId: { field: "classifications.locationId", value: idValue },
    actgClassId: { field: "classifications.accountingClassId", value: idValue },
    jobId: { field: "classifications.jobId", value: idValue },
  }),
};
