/**
 * Chart of accounts (docs/bill-v3-resources.md section 7): the organization's general-ledger
 * accounts, each with a name, a description, a parent account and `account: {type, number}`
 * [PM "Create a chart of accounts"]. Id prefix `0ca` [DP: "BILL-generated IDs"].
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { same } from "../../http/schemas/same.ts";
import { oneOf, partial, present, text } from "../schema-kit.ts";
import { defineClassification, IDS, idOf, TEXT } from "./kit.ts";

/**
 * (ours) BILL's v3 reference lists the enum without our reading it; [PM] shows EXPENSE,
 * OTHER_CURRENT_ASSET, ACCOUNTS_RECEIVABLE and FIXED_ASSET. These are BILL's v2 account
 * categories (`accountType` 0–16) in v3 spelling; UNSPECIFIED is v2's 0.
 */
export const ACCOUNT_TYPES = [
  "UNSPECIFIED",
  "ACCOUNTS_PAYABLE",
  "ACCOUNTS_RECEIVABLE",
  "BANK",
  "COST_OF_GOODS_SOLD",
  "CREDIT_CARD",
  "EQUITY",
  "EXPENSE",
  "FIXED_ASSET",
  "INCOME",
  "LONG_TERM_LIABILITY",
  "OTHER_ASSET",
  "OTHER_CURRENT_ASSET",
  "OTHER_CURRENT_LIABILITY",
  "OTHER_EXPENSE",
  "OTHER_INCOME",
  "NON_POSTING",
] as const;

const PREFIX = "0ca";
const Account = Type.Object({
  type: Type.Optional(oneOf(ACCOUNT_TYPES)),
  number: Type.Optional(text(0, 40)),
});

const optionalFields = {
  description: text(0, 4000),
  parentId: idOf(PREFIX),
  account: Account,
};

export const CreateChartOfAccountsBody = Type.Object({
  name: text(1, 100),
  ...partial(optionalFields).properties,
});

export const UpdateChartOfAccountsBody = partial({ name: text(1, 100), ...optionalFields });

const Str = Type.String();
const opt = Type.Optional;

export const ChartOfAccountsSchema = Type.Object({
  id: Str,
  archived: Type.Boolean(),
  name: Str,
  description: opt(Str),
  parentId: opt(Str),
  account: Type.Object({ type: oneOf(ACCOUNT_TYPES), number: opt(Str) }),
  createdTime: Str,
  updatedTime: Str,
});

export type ChartOfAccounts = Static<typeof ChartOfAccountsSchema>;
type Data = Static<typeof CreateChartOfAccountsBody>;

export const chartOfAccounts = defineClassification({
  name: "classifications/chart-of-accounts",
  label: "chart of accounts",
  idPrefix: PREFIX,
  wrap: "chartOfAccounts",
  createBody: CreateChartOfAccountsBody,
  updateBody: UpdateChartOfAccountsBody,
  wire: ChartOfAccountsSchema,
  fields: { name: "string", description: "string", "account.type": "string", "account.number": "string" },
  filters: {
    name: { ops: TEXT },
    "account.type": { ops: [...IDS, "nin"], values: ACCOUNT_TYPES },
    "account.number": { ops: TEXT },
  },
  sorts: ["name", "description", "account.type", "account.number"],
  view: (stored) => {
    const data = stored as Data;
    return {
      name: data.name,
      ...present("description", data.description),
      ...present("parentId", data.parentId),
      // (ours) An account without a type is UNSPECIFIED, as BILL's v2 category 0.
      account: { type: data.account?.type ?? "UNSPECIFIED", ...present("number", data.account?.number) },
    };
  },
});

// The client's wire types are these schemas' types (client/src/types.ts).
same<ChartOfAccounts, Wire.ChartOfAccounts>(true);
same<Static<typeof CreateChartOfAccountsBody>, Wire.CreateChartOfAccountsRequest>(true);
same<Static<typeof UpdateChartOfAccountsBody>, Wire.UpdateChartOfAccountsRequest>(true);
