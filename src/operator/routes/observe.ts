import { Type } from "typebox";
import { revokeSession, revokeSessions } from "../../auth/accounts/provisioning.ts";
import type { AuthDeps } from "../../auth/context.ts";
import { formatTimestamp } from "../../clock.ts";
import { jsonObjectBody } from "../../http/request.ts";
import { resultValue } from "../../http/result.ts";
import type { App } from "../../http/types.ts";
import { validateFields } from "../../http/validate.ts";
import type { OperatorPlane } from "../plane.ts";
import * as S from "../schemas.ts";
import { answer, ResultsOf } from "../schemas.ts";
import { listOutbox, listSessions, sessionRevokedView } from "../views.ts";
import { limitParam, OPERATOR_PREFIX as P, queryString, timeParam } from "./common.ts";

const RevokeMany = Type.Object({
  userId: Type.Optional(Type.String()),
  organizationId: Type.Optional(Type.String()),
});

const iso = (ms: number | null) => (ms === null ? null : formatTimestamp(ms));

/** Sessions, the outbox, the audit log and the request log. */
export function registerOperatorObservationRoutes(app: App, deps: AuthDeps, plane: OperatorPlane): void {
  const { stores } = deps;

  app.get(`${P}/sessions`, answer(ResultsOf(S.OperatorSession)), async (request) => ({
    results: await listSessions(deps, {
      organizationId: queryString(request.query, "organizationId"),
      userId: queryString(request.query, "userId"),
    }),
  }));
  app.delete(`${P}/sessions/:ref`, answer(S.OperatorSessionRevoked), async (request) =>
    sessionRevokedView(resultValue(await revokeSession(deps, (request.params as { ref: string }).ref)).id),
  );
  app.post(`${P}/sessions/revoke`, answer(S.OperatorSessionsRevoked), async (request) =>
    resultValue(await revokeSessions(deps, validateFields(RevokeMany, jsonObjectBody(request)))),
  );

  app.get(`${P}/outbox`, answer(ResultsOf(S.OperatorOutboxMessage)), async (request) => ({
    results: await listOutbox(deps, {
      recipient: queryString(request.query, "to"),
      userId: queryString(request.query, "userId"),
      limit: limitParam(request.query),
    }),
  }));

  app.get(`${P}/audit`, answer(ResultsOf(S.OperatorAuditEvent)), async (request) => {
    // Events recorded by requests that just finished are written before they are read.
    await plane.auditLog.flush();
    const records = await stores.audit.list({
      organizationId: queryString(request.query, "organizationId"),
      userId: queryString(request.query, "userId"),
      event: queryString(request.query, "event"),
      from: timeParam(request.query, "from"),
      to: timeParam(request.query, "to"),
      limit: limitParam(request.query),
    });
    return { results: records.map(({ at, ...r }) => ({ ...r, time: formatTimestamp(at) })) };
  });

  app.get(`${P}/requests`, answer(ResultsOf(S.OperatorRequestLogEntry)), async (request) => {
    const names = new Map((await stores.devKeys.list()).map((k) => [k.id, k.name]));
    return {
      results: plane.requestLog.recent(limitParam(request.query)).map(({ at, devKeyId, ...entry }) => ({
        ...entry,
        time: iso(at),
        devKeyId,
        devKeyName: devKeyId ? (names.get(devKeyId) ?? null) : null,
      })),
    };
  });
}
