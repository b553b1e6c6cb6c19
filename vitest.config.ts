import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The CLI the tests run (bin/billet.mjs) is the bundle of the sources as they are now.
    globalSetup: ["test/global-setup.ts"],
    include: ["src/**/*.test.ts", "cli/**/*.test.ts", "client/**/*.test.ts", "test/**/*.test.ts"],
    // Slow tests against real server processes: `npm run test:resilience` (vitest.resilience.config.ts).
    exclude: [...configDefaults.exclude, "test/resilience/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // On CI a JSON report as well, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".ci/results.json" }]] : ["default"],
  },
});
