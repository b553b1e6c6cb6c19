import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { revokeSession, revokeSessions } from "../../auth/accounts/provisioning.ts";
import type { AuthDeps } from "../../auth/context.ts";
import { sessionDeadline } from "../../auth/sessions/sessions.ts";
import { formatTimestamp } from "../../clock.ts";
import { jsonObjectBody } from "../../http/request.ts";
import { resultValue } from "../../http/result.ts";
import { validateFields } from "../../http/validate.ts";
import type { OperatorPlane } from "../plane.ts";
import { limitParam, OPERATOR_PREFIX as P, queryString, timeParam } from "./common.ts";

const RevokeMany = Type.Object({
  userId: Type.Optional(Type.String()),
  organizationId: Type.Optional(Type.String()),
});

const iso = (ms: number | null) => (ms === null ? null : formatTimestamp(ms));

/** Sessions, the outbox, the audit log and the request log. */
export function registerOperatorObservationRoutes(
  app: FastifyInstance,
  deps: AuthDeps,
  plane: OperatorPlane,
): void {
  const { stores, config } = deps;

  app.get(`${P}/sessions`, async (request) => {
    const organizationId = queryString(request.query, "organizationId");
    const userId = queryString(request.query, "userId");
    const sessions = await stores.sessions.list({ organizationId, userId });
    const now = deps.clock.now();
    return {
      results: sessions.map((s) => ({
        ref: s.id,
        organizationId: s.organizationId,
        userId: s.userId,
        userEmail: s.userEmail,
        devKeyId: s.devKeyId,
        devKeyName: s.devKeyName,
        trusted: s.trusted,
        createdTime: formatTimestamp(s.createdAt),
        lastActiveTime: formatTimestamp(s.lastActiveAt),
        idleDeadline: formatTimestamp(sessionDeadline(s, config)),
        expired: now >= sessionDeadline(s, config),
      })),
    };
  });
  app.delete<{ Params: { ref: string } }>(`${P}/sessions/:ref`, async (request) => ({
    ref: resultValue(await revokeSession(deps, request.params.ref)).id,
    revoked: true,
  }));
  app.post(`${P}/sessions/revoke`, async (request) =>
    resultValue(await revokeSessions(deps, validateFields(RevokeMany, jsonObjectBody(request)))),
  );

  app.get(`${P}/outbox`, async (request) => {
    const messages = await stores.outbox.list({
      recipient: queryString(request.query, "to"),
      userId: queryString(request.query, "userId"),
      limit: limitParam(request.query),
    });
    return {
      results: messages.map(({ createdAt, ...m }) => ({ ...m, createdTime: formatTimestamp(createdAt) })),
    };
  });

  app.get(`${P}/audit`, async (request) => {
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

  app.get(`${P}/requests`, async (request) => {
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
