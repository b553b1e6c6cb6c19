import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../src/auth/crypto/ids.ts";
import { createResources, getResource, setResourceArchived } from "../src/resources/engine.ts";
import { RESOURCES } from "../src/resources/index.ts";
import { CHROMIUM, chromiumAvailable, launchChromium } from "./helpers/chromium.ts";
import {
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "./helpers/helpers.ts";

const SHOTS = join(import.meta.dirname, "..", "test-results", "console");
const TOKEN = "console-operator-token-0123456789";
const available = chromiumAvailable;
if (!available) console.warn(`console tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

// A browser on a loaded CI machine is slow: each test gets 90 s, each wait 20 s, so that a wait
// that never ends names its selector instead of timing the whole test out.
describe.skipIf(!available)("the operator console in headless Chromium", { timeout: 90_000 }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestServer({ config: { operatorToken: TOKEN } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(20_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  const view = async (name: string, shot: string) => {
    await page.click(`nav button[data-view="${name}"]`);
    await page.waitForSelector(`nav button[data-view="${name}"][aria-current="page"]`);
    await page.waitForFunction(
      (title) => document.querySelector("#view h2")?.textContent === title,
      await page.textContent(`nav button[data-view="${name}"]`),
    );
    await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  };

  it("refuses a wrong token and signs in with the right one", async () => {
    await page.goto(`${t.server.url}/console`);
    await page.fill("#token", "not-the-token-0123456789");
    await page.click("#sign-in-form button[type=submit]");
    await page.waitForSelector("#sign-in-error:has-text('not valid')");
    await page.fill("#token", TOKEN);
    await page.click("#sign-in-form button[type=submit]");
    await page.waitForSelector("#app:not([hidden])");
    expect(await page.textContent("#mode")).toBe("sandbox");
  });

  it("revokes a session: the next API call with it answers BDC_1109", async () => {
    const account = await provisionAccount(t.deps, { organizationName: "Console Org" });
    const doomed = t.client(account.devKey);
    const kept = t.client(account.devKey);
    await doomed.sessions.login(loginBody(account));
    await kept.sessions.login(loginBody(account));
    await view("organizations", "organizations");
    expect(await page.textContent("#view")).toContain("Console Org");
    await view("sessions", "sessions");
    const sessions = await t.deps.stores.sessions.list({});
    const ref = sessions.find((s) => s.tokenHash === hashSecret(doomed.sessionId ?? ""))?.id ?? "";
    await page.click(`button[data-ref="${ref}"]`);
    await page.waitForSelector(`button[data-ref="${ref}"]`, { state: "detached" });
    expect((await rejection(doomed.sessions.details())).code).toBe("BDC_1109");
    expect((await kept.sessions.details()).userId).toBe(account.userId);
  });

  it("shows the MFA code the server sent, and that code verifies the phone", async () => {
    const account = await provisionAccount(t.deps);
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const { setupId } = await client.mfa.setup({ phone: "+15550104477", type: "TEXT" });
    await view("outbox", "outbox");
    const code = (await page.textContent("#view .token")) ?? "";
    expect(code).toMatch(/^\d{6}$/);
    expect(await client.mfa.validateSetup({ setupId, type: "TEXT", token: code })).toEqual({
      status: "SUCCESS",
    });
    expect((await client.mfa.phones()).results).toEqual([expect.objectContaining({ phone: "+1******4477" })]);
  });

  it("advances the clock: a session expires", async () => {
    const account = await provisionAccount(t.deps);
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    await view("clock", "clock");
    const before = await page.textContent("#clock-time");
    await page.fill("input[name=minutes]", "36");
    await page.click("#view form button[type=submit]");
    await page.waitForFunction((old) => document.querySelector("#clock-time")?.textContent !== old, before);
    await page.screenshot({ path: join(SHOTS, "clock-advanced.png"), fullPage: true });
    expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");
  });

  it("creates a sync token (its value shown once, and it logs in), and revokes it", async () => {
    const account = await provisionAccount(t.deps, { organizationName: "Sync Org" });
    await view("synctokens", "synctokens");
    await page.fill("input[name=organizationId]", account.organizationId);
    await page.fill("input[name=name]", "console sync");
    await page.click("#view form button[type=submit]");
    await page.waitForSelector("#view .created-secret .token");
    const value = (await page.textContent("#view .created-secret .token")) ?? "";
    const client = t.client(account.devKey);
    await client.sessions.login({
      username: "console sync",
      password: value,
      organizationId: account.organizationId,
    });
    const [token] = await t.deps.stores.syncTokens.list({ organizationId: account.organizationId });
    await page.click(`button[data-sync-token="${token?.id}"]`);
    await page.waitForSelector(`button[data-sync-token="${token?.id}"]`, { state: "detached" });
    expect(await page.textContent("#view")).not.toContain(value);
    expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");
  });

  it("shows the other views, with a screenshot of each", async () => {
    await view("users", "users");
    await view("devkeys", "devkeys");
    await view("requests", "requests");
    const requests = (await page.textContent("#view")) ?? "";
    expect(requests, requests).toContain("/connect/v3/login/session");
    await view("audit", "audit");
    expect(await page.textContent("#view")).toContain("login.success");
    await page.click('nav button[data-view="faults"]');
    await page.waitForSelector('nav button[data-view="faults"][aria-current="page"]');
    await page.click("#view form button[type=submit]");
    await page.waitForSelector("#view table");
    await page.screenshot({ path: join(SHOTS, "faults.png"), fullPage: true });
    expect(await page.textContent("#view table")).toContain("/connect/v3/login");
    await view("limits", "limits");
    await view("consoles", "consoles");
    // A console made from the tab, serving the organization, with a user and a token shown once.
    await page.fill('#view form input[name="name"]', "Acme CPAs");
    await page.click("#view form button[type=submit]");
    await page.waitForSelector("#view h3");
    await page.fill('#view input[name="email"]', "cpa@example.com");
    await page.click('#view form:has(input[name="email"]) button[type=submit]');
    await page.waitForSelector("#view td >> text=cpa@example.com");
    await page.click("#view button >> text=New token");
    await page.waitForSelector("#view .notice code");
    const token = (await page.textContent("#view .notice code")) ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [firm] = await t.deps.stores.consoles.list();
    const [stored] = await t.deps.stores.consoles.listTokens(firm?.id ?? "");
    expect(stored?.tokenHash).toBe(hashSecret(token));
    await page.screenshot({ path: join(SHOTS, "consoles.png"), fullPage: true });
    for (const shot of [
      "consoles",
      "organizations",
      "users",
      "devkeys",
      "sessions",
      "outbox",
      "requests",
      "audit",
      "clock",
      "faults",
      "limits",
    ]) {
      expect(statSync(join(SHOTS, `${shot}.png`)).size, shot).toBeGreaterThan(5_000);
    }
  });

  it("makes an OAuth app (its secret shown once) and revokes it: its token then answers BDC_1109", async () => {
    const account = await provisionAccount(t.deps, { organizationName: "Console OAuth" });
    await view("oauthapps", "oauthapps");
    await page.fill('#view form input[name="organizationId"]', account.organizationId);
    await page.fill('#view form input[name="userId"]', account.userId);
    await page.fill('#view form input[name="name"]', "Console ERP");
    await page.click("#view form button[type=submit]");
    await page.waitForSelector('#view p[data-secret="oauth"]');
    const notice = (await page.textContent('#view p[data-secret="oauth"]')) ?? "";
    const [, clientId, clientSecret] = /Client id (\S+), client secret (\S+):/.exec(notice) ?? [];
    const token = await fetch(`${t.server.url}/authx/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: clientId ?? "",
        client_secret: clientSecret ?? "",
      }).toString(),
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    await page.screenshot({ path: join(SHOTS, "oauthapps.png"), fullPage: true });
    await page.click("#view table button.danger");
    await page.waitForFunction(() => !document.querySelector("#view table button.danger"));
    const after = await fetch(`${t.baseUrl}/v3/login/session`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(after.status).toBe(401);
  });

  it("shows an organization's resources: a table per kind, archived flagged, pages, a record's JSON", async () => {
    const account = await provisionAccount(t.deps, { organizationName: "Resource Org" });
    const kind = (name: string) => RESOURCES.find((d) => d.name === name) as (typeof RESOURCES)[number];
    const scope = { organizationId: account.organizationId, userId: account.userId };
    const names = Array.from({ length: 11 }, (_, i) => ({
      name: `Vendor ${String(i + 1).padStart(2, "0")}`,
    }));
    const vendors = await createResources(t.deps, scope, kind("vendors"), names);
    if (!vendors.ok) throw new Error(JSON.stringify(vendors.errors));
    const first = vendors.value[0] as { id: string };
    await setResourceArchived(t.deps, scope, kind("vendors"), first.id, true);
    const bills = await createResources(t.deps, scope, kind("bills"), [
      {
        vendorId: (vendors.value[1] as { id: string }).id,
        dueDate: "2026-12-31",
        invoice: { invoiceNumber: "CONSOLE-1", invoiceDate: "2026-12-01" },
        billLineItems: [{ amount: 42 }],
      },
    ]);
    if (!bills.ok) throw new Error(JSON.stringify(bills.errors));
    const bill = bills.value[0] as { id: string };

    await view("resources", "resources-first");
    await page.selectOption("#resource-org", account.organizationId);
    await page.waitForSelector('#view h3[data-kind="vendors"]:has-text("11 records, 1 archived")');
    const vendorsTable = 'table[data-kind="vendors"]';
    const headers = await page.$$eval(`${vendorsTable} th`, (cells) => cells.map((c) => c.textContent));
    expect(headers).toEqual(expect.arrayContaining(["id", "archived", "name", "createdTime"]));
    expect(await page.$$eval(`${vendorsTable} tbody tr`, (rows) => rows.length)).toBe(10);
    expect(await page.textContent('table[data-kind="bills"]')).toContain(bill.id);
    await page.screenshot({ path: join(SHOTS, "resources.png"), fullPage: true });
    // The archived vendor is flagged in its row. The vendors were made in one millisecond of the
    // test clock, so their order is that of their random ids: its row is on either page.
    const archivedRow = async () => {
      const row = await page.$(`${vendorsTable} tr.archived`);
      return row ? await row.textContent() : null;
    };
    let archived = await archivedRow();

    // The next page has the eleventh vendor; Previous goes back.
    await page.click('.pager[data-kind="vendors"] button:has-text("Next")');
    await page.waitForFunction(
      (selector) => document.querySelectorAll(`${selector} tbody tr`).length === 1,
      vendorsTable,
    );
    archived ??= await archivedRow();
    expect(archived).toContain("archived");
    expect(archived).toContain(first.id);
    await page.click('.pager[data-kind="vendors"] button:has-text("Previous")');
    await page.waitForFunction(
      (selector) => document.querySelectorAll(`${selector} tbody tr`).length === 10,
      vendorsTable,
    );

    // A row opens the record's JSON: the wire object BILL's API answers.
    await page.click(`table[data-kind="bills"] tr[data-id="${bill.id}"]`);
    await page.waitForSelector("#record-json");
    const shown = JSON.parse((await page.textContent("#record-json")) ?? "{}");
    const wire = await getResource(t.deps, account.organizationId, kind("bills"), bill.id);
    expect(wire.ok && shown).toEqual(wire.ok && JSON.parse(JSON.stringify(wire.value)));
    await page.screenshot({ path: join(SHOTS, "resources-record.png"), fullPage: true });
    await page.click("#record-close");
    await page.waitForSelector("#record-json", { state: "detached" });
    expect(statSync(join(SHOTS, "resources.png")).size).toBeGreaterThan(5_000);
  });

  it("draws the view clicked last, even when an earlier one answers after it", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/operator/v1/audit*", async (route) => {
      await held;
      await route.continue();
    });
    const auditAnswered = page.waitForResponse((response) => response.url().includes("/operator/v1/audit"));
    await page.click('nav button[data-view="audit"]');
    await view("organizations", "organizations-after-slow-audit");
    release();
    await auditAnswered;
    // Let the audit render's continuation run before looking.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    await page.unroute("**/operator/v1/audit*");
    expect(await page.textContent("#view h2")).toBe("Organizations");
    expect(await page.getAttribute('nav button[data-view="organizations"]', "aria-current")).toBe("page");
  });

  it("works under its Content-Security-Policy, and so does /docs: nothing refused", async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    fresh.setDefaultTimeout(20_000);
    const refused: string[] = [];
    fresh.on("console", (message) => {
      if (message.type() === "error") refused.push(message.text());
    });
    fresh.on("pageerror", (error) => refused.push(error.message));
    await fresh.goto(`${t.server.url}/console`);
    await fresh.fill("#token", TOKEN);
    await fresh.click("#sign-in-form button[type=submit]");
    await fresh.waitForSelector("#app:not([hidden])");
    await fresh.goto(`${t.server.url}/docs/`);
    await fresh.waitForSelector(".swagger-ui .info .title");
    expect(await fresh.textContent(".swagger-ui .info .title")).toContain("BILL v3");
    await fresh.waitForSelector(".swagger-ui .opblock");
    await fresh.screenshot({ path: join(SHOTS, "docs.png"), fullPage: false });
    await fresh.close();
    expect(refused).toEqual([]);
  });
});
