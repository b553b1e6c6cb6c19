// billet in a node:test suite (plain JavaScript): one server for the file, back to the seed
// before each test. Run with `node --test`; it needs `billet` and `@billet/client` installed.
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { AuthenticationError } from "@billet/client";
import { startBillet } from "billet/testing";

const ACME = "00801AcmeFixture0001";
const seed = {
  organizations: [{ id: ACME, name: "Acme" }],
  users: [
    {
      email: "ann@acme.test",
      password: "correct horse battery staple",
      memberships: [{ organization: "Acme", role: "ADMINISTRATOR" }],
    },
  ],
  devKeys: [{ name: "ci", key: "a-fixed-key-of-16-to-128-chars" }],
};

let billet;
before(async () => {
  billet = await startBillet({ seed });
});
beforeEach(async () => {
  await billet.reset();
});
after(async () => {
  await billet.stop();
});

test("logs in with the seeded user", async () => {
  const client = billet.client();
  await client.sessions.login(billet.credentials);
  const session = await client.sessions.details();
  assert.equal(session.organizationId, ACME);
});

test("a vendor made by one test is gone in the next", async () => {
  const client = billet.client();
  await client.sessions.login(billet.credentials);
  await client.vendors.create({ name: "Made by this test" });
  await billet.reset();
  await client.sessions.login(billet.credentials);
  assert.deepEqual(await client.vendors.list().toArray(), []);
});

test("refuses a wrong password", async () => {
  await assert.rejects(
    billet.client().sessions.login({ ...billet.credentials, password: "not the password" }),
    AuthenticationError,
  );
});
