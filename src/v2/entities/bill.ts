/**
 * v2's `Bill` with its `BillLineItem`s [DP v2 "Bill": developersupport.bill.com/hc/en-us/
 * articles/208155326; v2 reference "Update a bill"] over the v3 `bills` resource
 * (docs/bill-v3-resources.md section 3). v2's flat `invoiceNumber`/`invoiceDate` are v3's
 * `invoice`, `poNumber` is `purchaseOrderNumber`; each line's flat classification ids
 * (`actgClassId`, `departmentId`, …) are v3's `classifications`, `unitPrice` is `price`.
 * Status codes [3P v2 SDK, BILL's v2 field descriptions]: `paymentStatus` "0" paid, "1" open,
 * "2" partially paid, "4" scheduled; `approvalStatus` "0" unassigned, "1" assigned,
 * "3" approved, "4" approving, "5" denied.
 */
import {
  BASE_LIST_FIELDS,
  compact,
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
  nested,
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

/** A bill line's classifications, in v2's order [DP v2 Bill example]. */
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

export const BILL_PAYMENT_STATUS: Readonly<Record<string, string>> = {
  PAID: "0",
  UNPAID: "1",
  PARTIAL: "2",
  SCHEDULED: "4",
};
export const APPROVAL_STATUS: Readonly<Record<string, string>> = {
  UNASSIGNED: "0",
  ASSIGNED: "1",
  APPROVED: "3",
  APPROVING: "4",
  DENIED: "5",
};

/** The v3 value of a v2 code in one of the tables above. */
export const fromStatusCode =
  (table: Readonly<Record<string, string>>) =>
  (v2: unknown): string | undefined => {
    const code = typeof v2 === "number" ? String(v2) : v2;
    return Object.entries(table).find(([, c]) => c === code)?.[0];
  };

const statusCode = (table: Readonly<Record<string, string>>, value: unknown, fallback: string) =>
  (typeof value === "string" && Object.hasOwn(table, value) ? table[value] : undefined) ?? fallback;

function lineToV2(line: Readonly<Record<string, unknown>>, bill: Readonly<Record<string, unknown>>) {
  const ids = writeClassifications(line.classifications, LINE_KINDS);
  return {
    entity: "BillLineItem",
    id: line.id,
    billId: bill.id,
    amount: line.amount,
    chartOfAccountId: ids.chartOfAccountId,
    departmentId: ids.departmentId,
    locationId: ids.locationId,
    jobId: ids.jobId,
    customerId: ids.customerId,
    jobBillable: false,
    description: textOrNull(line.description),
    createdTime: v2Time(bill.createdTime),
    updatedTime: v2Time(bill.updatedTime),
    // [3P v2 SDK] "1" an expense line, "2" an item line.
    lineType: ids.itemId === NO_ID ? "1" : "2",
    itemId: ids.itemId,
    quantity: numberOrNull(line.quantity),
    unitPrice: numberOrNull(line.price),
    employeeId: ids.employeeId,
    actgClassId: ids.actgClassId,
  };
}

export const bill: V2EntityMapping = {
  name: "Bill",
  resource: "bills",
  deletes: "archive",
  updateBy: "replace",

  toV2(v3) {
    const invoice = nested(v3, "invoice");
    const lines = Array.isArray(v3.billLineItems) ? (v3.billLineItems as Record<string, unknown>[]) : [];
    return {
      entity: "Bill",
      id: v3.id,
      isActive: isActiveOf(v3.archived),
      vendorId: v3.vendorId,
      invoiceNumber: textOrNull(invoice.invoiceNumber),
      approvalStatus: statusCode(APPROVAL_STATUS, v3.approvalStatus, "0"),
      invoiceDate: textOrNull(invoice.invoiceDate),
      dueDate: textOrNull(v3.dueDate),
      glPostingDate: null,
      amount: numberOrNull(v3.amount),
      scheduledAmount: numberOrNull(v3.scheduledAmount),
      paidAmount: numberOrNull(v3.paidAmount),
      dueAmount: numberOrNull(v3.dueAmount),
      paymentStatus: statusCode(BILL_PAYMENT_STATUS, v3.paymentStatus, "1"),
      description: textOrNull(v3.description),
      poNumber: textOrNull(v3.purchaseOrderNumber),
      exchangeRate: numberOrNull(v3.exchangeRate),
      createdTime: v2Time(v3.createdTime),
      updatedTime: v2Time(v3.updatedTime),
      payFromBankAccountId: NO_ID,
      payFromChartOfAccountId: idOrNone(v3.payFromChartOfAccountId),
      billLineItems: lines.map((line) => lineToV2(line, v3)),
    };
  },

  toV3(v2, action) {
    const r = new V2Reader(v2);
    r.entity("Bill");
    r.isActive();
    const header = {
      vendorId: r.requiredId("vendorId", "009"),
      invoice: compact({
        invoiceNumber: r.requiredText("invoiceNumber", 50),
        invoiceDate: r.requiredDate("invoiceDate"),
      }),
      dueDate: r.requiredDate("dueDate"),
      description: r.text("description"),
      purchaseOrderNumber: r.text("poNumber", 100),
      payFromChartOfAccountId: r.id("payFromChartOfAccountId", "0ca"),
      exchangeRate: r.number("exchangeRate"),
    };
    const lines = r.objects("billLineItems");
    if (lines === undefined || lines.length === 0) r.problem ??= missing("billLineItems");
    const billLineItems = (lines ?? []).map((line) => {
      line.entity("BillLineItem");
      const item = defined({
        // A v2 Update names the lines it keeps by id; a create's ids are ignored by v3.
        id: action === "update" ? line.id("id", "bli") : undefined,
        amount: line.number("amount"),
        quantity: line.number("quantity"),
        price: line.number("unitPrice"),
        description: line.text("description"),
        classifications: readClassifications(line, LINE_KINDS),
      });
      r.adopt(line);
      return item;
    });
    const body = defined({ ...header, billLineItems });
    return conversion(r, body);
  },

  listField: listFields({
    ...BASE_LIST_FIELDS,
    vendorId: { field: "vendorId", value: idValue },
    dueDate: { field: "dueDate", value: dateValue },
    paymentStatus: { field: "paymentStatus", value: fromStatusCode(BILL_PAYMENT_STATUS) },
    payFromChartOfAccountId: { field: "payFromChartOfAccountId", value: idValue },
    description: { field: "description", value: textValue },
    exchangeRate: { field: "exchangeRate", value: numberValue },
  }),
};
