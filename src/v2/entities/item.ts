/**
 * v2's `Item` [3P BILL Java SDK `com.bill.java.api.models.Item`, after BILL's v2 field table]
 * over the v3 `classifications/items` resource (docs/bill-v3-resources.md section 7). `type`
 * is a numeric code: "0" unknown, "1" service, "2" inventory, "3" non-inventory, "4" payment,
 * "5" discount, "6" sales tax, "7" subtotal, "8" other charge, "9" inventory assembly,
 * "10" group, "11" sales tax group, "12" fixed asset, "13" category, which are v3's
 * `ITEM_TYPES` in order (v3's `EXPENSE` is "14", ours). `expenseAccount`, `purDescription` and
 * `purCost` are v3's `expenseChartOfAccountId`, `purchaseDescription` and `purchaseCost`;
 * `parentItemId` is `parentId`. v3 requires a type: a v2 item without one is BDC_1108 (ours).
 */
import { ITEM_TYPES } from "../../resources/classifications/items.ts";
import {
  BASE_LIST_FIELDS,
  booleanValue,
  codeOf,
  codeValue,
  conversion,
  defined,
  idOrNone,
  idValue,
  isActiveOf,
  listFields,
  missing,
  NO_ID,
  numberOrNull,
  numberValue,
  patchOf,
  textOrNull,
  textValue,
  type V2EntityMapping,
  V2Reader,
  v2Time,
} from "./common.ts";

const OWNED = [
  "shortName",
  "description",
  "parentId",
  "price",
  "expenseChartOfAccountId",
  "purchaseDescription",
  "purchaseCost",
  "chartOfAccountId",
  "taxable",
  "percentage",
];

export const item: V2EntityMapping = {
  name: "Item",
  resource: "classifications/items",
  deletes: "archive",
  updateBy: "patch",
  toV2: (v3) => ({
    entity: "Item",
    id: v3.id,
    isActive: isActiveOf(v3.archived),
    createdTime: v2Time(v3.createdTime),
    updatedTime: v2Time(v3.updatedTime),
    name: v3.name,
    type: codeOf(v3.type, ITEM_TYPES),
    description: textOrNull(v3.description),
    price: numberOrNull(v3.price),
    percentage: numberOrNull(v3.percentage),
    parentItemId: idOrNone(v3.parentId),
    hasPurInfo: typeof v3.expenseChartOfAccountId === "string",
    expenseAccount: idOrNone(v3.expenseChartOfAccountId),
    purDescription: textOrNull(v3.purchaseDescription),
    purCost: numberOrNull(v3.purchaseCost),
    chartOfAccountId: idOrNone(v3.chartOfAccountId),
    taxable: v3.taxable === true,
    shortName: textOrNull(v3.shortName),
    mergedIntoId: NO_ID,
  }),
  toV3(v2, action) {
    const r = new V2Reader(v2);
    r.entity("Item");
    r.isActive();
    if (!r.has("type")) r.problem ??= missing("type");
    const body = defined({
      type: r.code("type", ITEM_TYPES),
      name: r.requiredText("name", 100),
      shortName: r.text("shortName", 40),
      description: r.text("description"),
      parentId: r.id("parentItemId", "0ii"),
      price: r.number("price"),
      expenseChartOfAccountId: r.id("expenseAccount", "0ca"),
      purchaseDescription: r.text("purDescription"),
      purchaseCost: r.number("purCost"),
      chartOfAccountId: r.id("chartOfAccountId", "0ca"),
      taxable: r.boolean("taxable"),
      percentage: r.number("percentage"),
    });
    return conversion(r, action === "update" ? patchOf(body, OWNED) : body);
  },
  listField: listFields({
    ...BASE_LIST_FIELDS,
    name: { field: "name", value: textValue },
    shortName: { field: "shortName", value: textValue },
    description: { field: "description", value: textValue },
    type: { field: "type", value: codeValue(ITEM_TYPES) },
    price: { field: "price", value: numberValue },
    purCost: { field: "purchaseCost", value: numberValue },
    taxable: { field: "taxable", value: booleanValue },
    chartOfAccountId: { field: "chartOfAccountId", value: idValue },
    expenseAccount: { field: "expenseChartOfAccountId", value: idValue },
    parentItemId: { field: "parentId", value: idValue },
  }),
};
