/**
 * /docs in headless Chromium (as test/console.test.ts, skipped without it): both documents in
 * the dropdown, an Authorize button, and Try it out reaching this server through the
 * document's relative `servers: /connect`, under the page's strict policy (nothing refused).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium } from "../helpers/chromium.ts";
import { startTestServer, type TestServer } from "../helpers/helpers.ts";

const TOKEN = "docs-page-operator-token-0123456789";
const available = chromiumAvailable;

describe.skipIf(!available)("/docs in headless Chromium", { timeout: 90_000 }, () => {
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN } });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it("offers both documents, Authorize, and a Try it out that reaches the server", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
    const refused: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") refused.push(message.text());
    });
    page.on("pageerror", (error) => refused.push(error.message));

    await page.goto(`${t.server.url}/docs/`);
    await page.waitForSelector(".swagger-ui .info .title");
    expect(await page.textContent(".swagger-ui .info .title")).toContain("BILL v3");
    const options = await page.$$eval(".topbar select option", (nodes) =>
      nodes.map((node) => node.textContent),
    );
    expect(options).toEqual(["BILL API (/connect, /api/v2, /authx)", "Operator API (/operator/v1)"]);
    expect(await page.isVisible(".swagger-ui .btn.authorize")).toBe(true);

    // Try it out on GET /v3/health, through `servers: /connect`.
    const operation = "#operations-Health-getHealth";
    await page.click(`${operation} .opblock-summary`);
    await page.click(`${operation} .try-out__btn`);
    const answered = page.waitForResponse((response) => response.url().endsWith("/connect/v3/health"));
    await page.click(`${operation} .execute`);
    expect((await answered).status()).toBe(200);
    await page.waitForSelector(`${operation} .live-responses-table tbody .response-col_status`);
    expect(
      (await page.textContent(`${operation} .live-responses-table tbody .response-col_status`))?.trim(),
    ).toBe("200");

    // The operator document, from the dropdown.
    await page.selectOption(".topbar select", { label: "Operator API (/operator/v1)" });
    await page.waitForFunction(() =>
      document.querySelector(".swagger-ui .info .title")?.textContent?.includes("billet operator API"),
    );
    expect(await page.isVisible(".swagger-ui .btn.authorize")).toBe(true);
    await page.waitForSelector("#operations-Sandbox-getClock");
    await page.close();
    expect(refused).toEqual([]);
  });
});
