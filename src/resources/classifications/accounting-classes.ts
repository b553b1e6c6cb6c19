/**
 * Accounting classs (docs/bill-v3-resources.md section 7): a general-ledger classification with a
 * name, a short name, a description and a parent accounting class [PM folder "AP & AR /
 * classifications"]. Id prefix `cls` [DP: "BILL-generated IDs"].
 */
import type { Static } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { same } from "../../http/schemas/same.ts";
import { type NamedClassification, namedClassification, namedCreateBody, namedUpdateBody } from "./kit.ts";

export const accountingClasses = namedClassification({
  name: "classifications/accounting-classes",
  label: "accounting class",
  idPrefix: "cls",
  wrap: "accountingClasses",
});

const CreateBody = namedCreateBody("cls");
const UpdateBody = namedUpdateBody("cls");

// The client's wire types are these schemas' types (client/src/types.ts).
same<NamedClassification, Wire.AccountingClass>(true);
same<Static<typeof CreateBody>, Wire.CreateAccountingClassRequest>(true);
same<Static<typeof UpdateBody>, Wire.UpdateAccountingClassRequest>(true);
