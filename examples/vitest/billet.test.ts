/**
 * billet in a vitest suite: one server for the file, back to the seed before each test.
 * Copy it next to your own tests; it needs `billet` and `@billet/client` installed (and vitest).
 */
import { AuthenticationError } from "@billet/client";
import { type Billet, startBillet } from "billet/testing";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";

const ACME = "00801AcmeFixture0001";

let billet: Billet;

beforeAll(async () => {
  billet = await startBillet({
    // Or a path: startBillet({ seed: "./seed.json" }).
    seed: {
      organizations: [
        {
          id: ACME,
          name: "Acme",
          resources: { vendors: [{ ref: "supplies", name: "Acme Supplies", email: "ap@acme.test" }] },
        },
      ],
      users: [
        {
          email: "ann@acme.test",
          password: "correct horse battery staple",
          memberships: [{ organization: "Acme", role: "ADMINISTRATOR" }],
        },
      ],
      devKeys: [{ name: "ci", key: "a-fixed-key-of-16-to-128-chars" }],
    },
  });
});
beforeEach(async () => {
  await billet.reset();
});
afterAll(async () => {
  await billet.stop();
});

it("logs in with the seeded user", async () => {
  const client = billet.client();
  await client.sessions.login(billet.credentials);
  expect(await client.sessions.details()).toMatchObject({ organizationId: ACME });
});

it("creates a vendor", async () => {
  const client = billet.client();
  await client.sessions.login(billet.credentials);
  await client.vendors.create({ name: "Made by this test" });
  const names = (await client.vendors.list().toArray()).map((vendor) => vendor.name);
  expect(names).toEqual(expect.arrayContaining(["Acme Supplies", "Made by this test"]));
});

it("starts each test from the seed", async () => {
  const client = billet.client();
  await client.sessions.login(billet.credentials);
  const names = (await client.vendors.list().toArray()).map((vendor) => vendor.name);
  expect(names).toEqual(["Acme Supplies"]);
});

it("refuses a wrong password", async () => {
  await expect(
    billet.client().sessions.login({ ...billet.credentials, password: "not the password" }),
  ).rejects.toBeInstanceOf(AuthenticationError);
});

it("expires an idle session (the sandbox clock)", async () => {
  const client = billet.client({ relogin: false });
  await client.sessions.login(billet.credentials);
  await billet.clock.advance({ minutes: 36 });
  await expect(client.sessions.details()).rejects.toBeInstanceOf(AuthenticationError);
});
