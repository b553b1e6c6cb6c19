import type { AuthDeps } from "../../auth/context.ts";
import { jsonObjectBody } from "../../http/request.ts";
import { resultValue } from "../../http/result.ts";
import type { App } from "../../http/types.ts";
import * as S from "../schemas.ts";
import { answer } from "../schemas.ts";
import { applySeed } from "../seed/seed.ts";
import { OPERATOR_PREFIX as P } from "./common.ts";

/** (ours) A seed file is bigger than an API body: 4 MiB, rather than 64 KiB. */
const SEED_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * `POST /operator/v1/seed`: the body is a seed file (as `billet seed --file`), checked whole
 * and applied in one transaction; every problem is a 400 naming its JSON path, and then
 * nothing is written. Answers what was created, updated and left unchanged.
 */
export function registerOperatorSeedRoutes(app: App, deps: AuthDeps): void {
  app.post(`${P}/seed`, { ...answer(S.OperatorSeedReport), bodyLimit: SEED_BODY_LIMIT }, async (request) =>
    resultValue(await applySeed(deps, jsonObjectBody(request))),
  );
}
