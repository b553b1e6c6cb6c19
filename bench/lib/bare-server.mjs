// The baseline: a bare node:http server answering a fixed JSON body (the size of a session
// check's answer) to every request. What the same load generator can get from Node on this machine.
import { createServer } from "node:http";

const body = JSON.stringify({
  organizationId: "00801AAAAAAAAAAAAAAA",
  userId: "00601AAAAAAAAAAAAAAA",
  mfaStatus: "DISABLED",
  mfaBypass: false,
  trusted: false,
});
const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
