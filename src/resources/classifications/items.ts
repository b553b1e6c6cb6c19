/**
 * Items (docs/bill-v3-resources.md section 7): what the organization buys and sells, typed,
 * with prices, the charts of accounts it posts to and a tax percentage for discounts, sales
 * taxes and other charges [PM; DP "Create an item"]. Id prefix `0ii` [DP: "BILL-generated IDs"].
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import { Money, oneOf, partial, present, text } from "../schema-kit.ts";
import { CLASSIFICATION_PREFIXES, defineClassification, IDS, idOf, RANGES, TEXT } from "./kit.ts";

/** [DP "Create an item": 15 values]. */
export const ITEM_TYPES = [
  "UNKNOWN",
  "SERVICE",
  "INVENTORY",
  "NON_INVENTORY",
  "PAYMENT",
  "DISCOUNT",
  "SALES_TAX",
  "SUBTOTAL",
  "OTHER_CHARGE",
  "INVENTORY_ASSEMBLY",
  "GROUP",
  "SALES_TAX_GROUP",
  "FIXED_ASSET",
  "CATEGORY",
  "EXPENSE",
] as const;

/** The types that may carry a `percentage` [DP]. */
const PERCENTAGE_TYPES = new Set<string>(["DISCOUNT", "SALES_TAX", "OTHER_CHARGE"]);

const PREFIX = "0ii";
const chartOfAccount = idOf(CLASSIFICATION_PREFIXES.chartOfAccounts);

const optionalFields = {
  shortName: text(0, 40),
  description: text(0, 4000),
  parentId: idOf(PREFIX),
  price: Money,
  expenseChartOfAccountId: chartOfAccount,
  purchaseDescription: text(0, 4000),
  purchaseCost: Money,
  chartOfAccountId: chartOfAccount,
  taxable: Type.Boolean(),
  // (ours) a percentage is 0–100.
  percentage: Type.Number({ minimum: 0, maximum: 100 }),
};

export const CreateItemBody = Type.Object({
  type: oneOf(ITEM_TYPES),
  name: text(1, 100),
  ...partial(optionalFields).properties,
});

export const UpdateItemBody = partial({ type: oneOf(ITEM_TYPES), name: text(1, 100), ...optionalFields });

const Str = Type.String();
const opt = Type.Optional;
const Num = Type.Number();

export const ItemSchema = Type.Object({
  id: Str,
  archived: Type.Boolean(),
  type: oneOf(ITEM_TYPES),
  name: Str,
  shortName: opt(Str),
  description: opt(Str),
  parentId: opt(Str),
  price: opt(Num),
  expenseChartOfAccountId: opt(Str),
  purchaseDescription: opt(Str),
  purchaseCost: opt(Num),
  chartOfAccountId: opt(Str),
  taxable: Type.Boolean(),
  percentage: opt(Num),
  createdTime: Str,
  updatedTime: Str,
});

export type Item = Static<typeof ItemSchema>;
type Data = Static<typeof CreateItemBody>;

function check(stored: Record<string, unknown>): ErrorItem[] {
  const data = stored as Data;
  // (ours) A percentage on another type is refused rather than stored unused.
  return data.percentage !== undefined && !PERCENTAGE_TYPES.has(data.type)
    ? [{ key: "INVALID_VALUE", params: { paramName0: "percentage" } }]
    : [];
}

export const items = defineClassification({
  name: "classifications/items",
  label: "item",
  idPrefix: PREFIX,
  wrap: "items",
  createBody: CreateItemBody,
  updateBody: UpdateItemBody,
  wire: ItemSchema,
  fields: {
    type: "string",
    name: "string",
    shortName: "string",
    description: "string",
    price: "number",
    purchaseCost: "number",
    taxable: "boolean",
    chartOfAccountId: "string",
    expenseChartOfAccountId: "string",
  },
  filters: {
    type: { ops: [...IDS, "nin"], values: ITEM_TYPES },
    name: { ops: TEXT },
    shortName: { ops: TEXT },
    price: { ops: RANGES },
    taxable: { ops: ["eq", "ne"] },
    chartOfAccountId: { ops: IDS },
    expenseChartOfAccountId: { ops: IDS },
  },
  sorts: ["type", "name", "shortName", "description", "price", "purchaseCost"],
  references: {
    chartOfAccountId: "classifications/chart-of-accounts",
    expenseChartOfAccountId: "classifications/chart-of-accounts",
  },
  check,
  view: (stored) => {
    const data = stored as Data;
    return {
      type: data.type,
      name: data.name,
      ...present("shortName", data.shortName),
      ...present("description", data.description),
      ...present("parentId", data.parentId),
      ...present("price", data.price),
      ...present("expenseChartOfAccountId", data.expenseChartOfAccountId),
      ...present("purchaseDescription", data.purchaseDescription),
      ...present("purchaseCost", data.purchaseCost),
      ...present("chartOfAccountId", data.chartOfAccountId),
      // (ours) an item is not taxable unless said so.
      taxable: data.taxable ?? false,
      ...present("percentage", data.percentage),
    };
  },
});

// The client's wire types are these schemas' types (client/src/types.ts).
same<Item, Wire.ClassificationItem>(true);
same<Static<typeof CreateItemBody>, Wire.CreateClassificationItemRequest>(true);
same<Static<typeof UpdateItemBody>, Wire.UpdateClassificationItemRequest>(true);
