/**
 * Jobs (docs/bill-v3-resources.md section 7): a general-ledger classification with a
 * name, a short name, a description and a parent job [PM folder "AP & AR /
 * classifications"]. Id prefix `job` [DP: "BILL-generated IDs"].
 */
import type { Static } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { same } from "../../http/schemas/same.ts";
import { type NamedClassification, namedClassification, namedCreateBody, namedUpdateBody } from "./kit.ts";

export const jobs = namedClassification({
  name: "classifications/jobs",
  label: "job",
  idPrefix: "job",
  wrap: "jobs",
});

const CreateBody = namedCreateBody("job");
const UpdateBody = namedUpdateBody("job");

// The client's wire types are these schemas' types (client/src/types.ts).
same<NamedClassification, Wire.Job>(true);
same<Static<typeof CreateBody>, Wire.CreateJobRequest>(true);
same<Static<typeof UpdateBody>, Wire.UpdateJobRequest>(true);
