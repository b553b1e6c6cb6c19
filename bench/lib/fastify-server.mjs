// A second baseline: Fastify 5 with one route answering the bare server's body, logger off.
// The difference to bare node:http is what the framework itself costs per request.
import Fastify from "fastify";

const body = {
  organizationId: "00801AAAAAAAAAAAAAAA",
  userId: "00601AAAAAAAAAAAAAAA",
  mfaStatus: "DISABLED",
  mfaBypass: false,
  trusted: false,
};
const app = Fastify({ logger: false });
const schema = {
  response: {
    200: {
      type: "object",
      properties: {
        organizationId: { type: "string" },
        userId: { type: "string" },
        mfaStatus: { type: "string" },
        mfaBypass: { type: "boolean" },
        trusted: { type: "boolean" },
      },
    },
  },
};
app.get("/*", { schema }, async () => body);
await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
process.stdout.write(`listening on ${app.listeningOrigin}\n`);
process.on("SIGTERM", () => app.close().then(() => process.exit(0)));
