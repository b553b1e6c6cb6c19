// A peer for the benchmarks: better-auth (email and password) on better-sqlite3, served by
// node:http. `node better-auth-server.mjs <database> <port> <users> <accountsFile>` creates the
// schema and N users (email userI@bench.example, one password), signs each in once to give the
// load a session cookie per user (written to accountsFile), then listens on 127.0.0.1:<port>.
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
// billet's own better-sqlite3 (the repository's node_modules, found up the folder tree).
import Database from "better-sqlite3";

const [database, portText, usersText, accountsFile] = process.argv.slice(2);
const port = Number(portText);
const baseURL = `http://127.0.0.1:${port}`;
const PASSWORD = "bench correct horse battery staple";

const db = new Database(database);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");

const auth = betterAuth({
  database: db,
  baseURL,
  secret: "bench-secret-0123456789-0123456789-0123456789",
  emailAndPassword: { enabled: true },
  // All load comes from 127.0.0.1: a per-IP rate limit would refuse it (billet's limits are per devKey).
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  logger: { disabled: true },
});

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const accounts = [];
for (let i = 0; i < Number(usersText); i++) {
  const email = `user${i}@bench.example`;
  await auth.api.signUpEmail({ body: { email, password: PASSWORD, name: `User ${i}` } });
  const response = await auth.api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";", 1)[0])
    .join("; ");
  accounts.push({ email, password: PASSWORD, cookie });
}
writeFileSync(accountsFile, JSON.stringify(accounts));

const handler = toNodeHandler(auth);
const server = createServer((request, response) => {
  handler(request, response);
});
server.listen(port, "127.0.0.1", () => process.stdout.write(`listening on ${baseURL}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
