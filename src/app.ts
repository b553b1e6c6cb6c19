import { randomUUID } from "node:crypto";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import type { Logger } from "pino";
import type { AuthDeps } from "./auth/context.ts";
import { DeliveryError } from "./auth/delivery.ts";
import { formatTimestamp } from "./clock.ts";
import type { TrustProxy } from "./config/trust-proxy.ts";
import { ApiError, type ErrorItem, errorBody } from "./errors.ts";
import { authenticationStep } from "./http/authenticate.ts";
import { isBillOrganizationPath } from "./http/bill-paths.ts";
import { spendSessionBudget } from "./http/budget.ts";
import { httpServerOptions, limitConnections } from "./http/connection-limits.ts";
import type { RequestContext } from "./http/context.ts";
import { attachSerializers, LazySerializers } from "./http/lazy-serializers.ts";
import { noteSessionCaller } from "./http/observe.ts";
import { installPipeline } from "./http/pipeline.ts";
import { UNPARSEABLE_BODY } from "./http/request.ts";
import { setSecurityHeaders } from "./http/security-headers.ts";
import { registerOperatorSurface, registerPublicApi, type Surfaces } from "./http/surfaces.ts";
import { fastifyTrustProxy } from "./http/trust-proxy.ts";
import type { App } from "./http/types.ts";
import { createClientErrorHandler, edgeRefusal, serveUnknownExpectations } from "./http/wire-edges.ts";
import { WrongMethods } from "./http/wrong-methods.ts";
import { requestLoggerFactory } from "./logger.ts";
import type { Metrics } from "./operator/metrics.ts";
import type { OperatorPlane } from "./operator/plane.ts";
import { readinessChecks, registerHealthRoutes } from "./routes/health.ts";
import { registerHomePage } from "./routes/home.ts";
import { isV2Url, sendV2Refusal } from "./routes/v2/index.ts";
import type { V2Entity } from "./v2/entity.ts";

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppOptions {
  deps: AuthDeps;
  logger: Logger;
  /** Which proxies may name the client in X-Forwarded-For (BILLET_TRUST_PROXY); none when absent. */
  trustProxy?: TrustProxy;
  /** The operator plane (request log, faults, warnings, operator API); off when absent. */
  operator?: OperatorPlane;
  /** What this listener serves (routes/surfaces.ts): the public API, the operator plane, or both (default). */
  surfaces?: Surfaces;
  /** Called before each API and operator request: the fleet-wide sandbox clock (runtime.ts). */
  refreshClock?: (() => Promise<void>) | undefined;
  /** Prometheus metrics (operator/metrics.ts): counted by the pipeline, served at GET /metrics. */
  metrics?: Metrics | undefined;
  /** The entities v2's List and Crud serve (tests); BILL's twelve when absent. */
  v2Entities?: readonly V2Entity[] | undefined;
}

/** Fastify's own errors that are the client's fault, mapped to BILL's codes. */
function frameworkError(error: FastifyError): ErrorItem | undefined {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_TYPE":
      return { key: "UNSUPPORTED_CONTENT_TYPE" };
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return { key: "BODY_TOO_LARGE" };
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return { key: "INVALID_JSON" };
    case "FST_ERR_BAD_URL":
    case "FST_ERR_ASYNC_CONSTRAINT":
    // @fastify/static (the /docs assets) refusing a path it will not serve (a NUL byte, a
    // name too long for the file system): to the client, a path that does not exist.
    case "FST_STATIC_FORBIDDEN_PATH":
      return { key: "API_NOT_SUPPORTED" };
    default:
      return undefined;
  }
}

function sendErrors(reply: FastifyReply, error: ApiError, now: number): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header("retry-after", String(error.retryAfterSeconds));
  return (
    reply
      .code(error.status)
      .type("application/json")
      // Not by the route's response schema: one whose schema for this status is not BILL's
      // array (readiness's 503, when the server shuts down) would fail to serialise it, a 500.
      .serializer(JSON.stringify)
      .send(errorBody(error.items, formatTimestamp(now)))
  );
}

/**
 * The HTTP application: plugins, routes mounted by hand, one error handler. It does no I/O
 * of its own; main.ts (or a test) gives it its stores, clock, hasher and logger.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { deps } = options;
  const serializers = new LazySerializers();
  const app = Fastify({
    // Response serialisers compiled at first use or once listening, not before (lazy-serializers.ts).
    schemaController: { compilersFactory: { buildSerializer: serializers.factory } },
    loggerInstance: options.logger as FastifyBaseLogger,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // A request's logger becomes pino's child only if something logs through it (logger.ts).
    childLoggerFactory: (logger, bindings, options) =>
      requestLoggerFactory(logger as Logger, bindings, options) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    ...httpServerOptions(deps.config),
    // Our own id on every request; an incoming one is not trusted.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Answered by the onRequest hook instead, in BILL's form with an X-Request-Id: Fastify's
    // own 503 has neither (it still sets Connection: close while closing).
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors Fastify raises before routing (a malformed URL) get BILL's array too.
    frameworkErrors: (error, request, reply) => {
      reply.header("x-request-id", request.id);
      setSecurityHeaders(reply);
      const mapped = edgeRefusal(request.raw) ?? frameworkError(error) ?? { key: "INVALID_JSON" };
      if (isV2Url(request.url)) return sendV2Refusal(reply, new ApiError(mapped));
      return sendErrors(reply, new ApiError(mapped), deps.clock.now());
    },
    // Requests too malformed, too large or too slow to reach Fastify are answered on the
    // socket, still in BILL's form, and their connection is closed.
    clientErrorHandler: createClientErrorHandler(deps.clock),
  }).withTypeProvider<TypeBoxTypeProvider>();
  attachSerializers(app, serializers);
  limitConnections(app.server, deps.config.maxConnections, options.logger);
  serveUnknownExpectations(app.server, app.routing);

  // JSON is the only body this API reads; any other media type is 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, raw, done) => {
    const text = String(raw);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      // Routes that read a body answer BDC_1122; routes without one (logout) ignore it.
      done(null, UNPARSEABLE_BODY);
    }
  });

  // A POST without a body (archive, restore, logout) may carry any Content-Type, as common
  // HTTP clients send one by default; a body in any type but JSON is still 415.
  app.addContentTypeParser("*", (request, payload, done) => {
    // Decided before reading, so that the media type is still checked before the size.
    const length = request.headers["content-length"];
    if (length !== undefined) {
      return length === "0"
        ? done(null, undefined)
        : done(new ApiError("UNSUPPORTED_CONTENT_TYPE"), undefined);
    }
    if (request.headers["transfer-encoding"] === undefined) return done(null, undefined);
    // Chunked: empty when it ends before any byte; refused at its first byte.
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      done(error, undefined);
    };
    payload.on("data", (chunk: Buffer) => {
      if (chunk.length > 0) settle(new ApiError("UNSUPPORTED_CONTENT_TYPE"));
    });
    payload.on("end", () => settle(null));
    payload.on("error", (error) => settle(error));
  });

  // Every per-request step, in order (http/pipeline.ts).
  const surfaces = options.surfaces ?? "all";
  app.decorateRequest("ctx", null as unknown as RequestContext);
  installPipeline(app, {
    deps,
    logger: options.logger,
    operator: options.operator,
    servesApi: surfaces !== "operator",
    servesOperator: surfaces !== "public",
    refreshClock: options.refreshClock,
    metrics: options.metrics,
  });

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const now = deps.clock.now();
    if (error instanceof ApiError) return sendErrors(reply, error, now);
    const mapped = frameworkError(error);
    if (mapped) return sendErrors(reply, new ApiError(mapped), now);
    // An invitation or confirmation e-mail the delivery channel refused (MFA sends answer
    // this themselves): the work is done, the message is not; the caller may send it again.
    if (error instanceof DeliveryError) {
      request.log.warn({ reason: error.reason }, "message not delivered");
      return sendErrors(reply, new ApiError("DELIVERY_FAILED"), now);
    }
    // The connection was closed under a body still arriving, by a timeout (which answered on
    // the socket) or by the client: nothing failed here, and nobody is left to answer.
    if (error.code === "ECONNRESET" && request.raw.socket?.destroyed !== false) {
      return sendErrors(reply, new ApiError("INVALID_JSON"), now);
    }
    request.log.error({ err: error }, "unexpected failure");
    options.metrics?.storeError("request");
    return sendErrors(reply, new ApiError("SYSTEM_ERROR"), now);
  });

  // A BILL path billet does not serve yet meets a session call's steps first (pipeline 7–8):
  // a dead session gets 401 BDC_1109 there as everywhere, so that a client's re-login on 401
  // works on every call, and a live one spends its hourly budget and holds an in-flight slot
  // as any call does, so a client cannot probe unserved paths for free.
  const authenticateBillPath = authenticationStep(deps, "session");
  const wrongMethod = new WrongMethods();
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    // A wrong method is 405 whatever the operator lists as MFA-protected, before anything else.
    if (wrongMethod.isKnownPathOf(request.method, path))
      return sendErrors(reply, new ApiError("METHOD_NOT_ALLOWED"), deps.clock.now());
    if (authenticateBillPath && surfaces !== "operator" && isBillOrganizationPath(path)) {
      try {
        await authenticateBillPath(request, reply);
        noteSessionCaller(request);
        await spendSessionBudget(deps, request, reply);
      } catch (error) {
        if (error instanceof ApiError) return sendErrors(reply, error, deps.clock.now());
        throw error;
      }
    }
    return sendErrors(reply, new ApiError("API_NOT_SUPPORTED"), deps.clock.now());
  });

  const routes: { method: string; url: string }[] = [];
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  // Requests are validated by the routes, the BILL way (validateFields), not by Fastify: the
  // body and header schemas are there for the OpenAPI document.
  app.setValidatorCompiler(() => (data) => ({ value: data }));

  if (surfaces !== "operator") await registerPublicApi(app, deps, { entities: options.v2Entities });
  // The sandbox's front page, where the API is served (the console link only where it is too).
  if (surfaces !== "operator")
    registerHomePage(app, deps, {
      servesConsole: surfaces === "all" && Boolean(options.operator?.tokenHash),
    });
  registerHealthRoutes(app, readinessChecks(deps), deps.config.readyTimeoutMs);
  if (surfaces !== "public" && options.operator)
    registerOperatorSurface(app, deps, options.operator, options.metrics);

  // What the route modules registered (not Fastify's HEADs).
  const registered = routes
    .filter((route) => route.method !== "HEAD")
    .map((route) => `${route.method} ${route.url}`);
  app.decorate("registeredRoutes", Object.freeze(registered));

  // A known path with another method is 405 (ours), not 404: the not-found handler asks.
  wrongMethod.routes = routes;
  return app;
}
