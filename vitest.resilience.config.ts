import { defineConfig } from "vitest/config";

/**
 * `npm run test:resilience`: crash, soak and secret-scan tests against real `billet serve`
 * processes. Slow (the soak alone runs BILLET_SOAK_SECONDS, 60 by default), so not part of
 * `npm test`; .ci/run runs it after `npm test`. One file at a time: they measure the machine.
 */
export default defineConfig({
  test: {
    // The CLI the tests run (bin/billet.mjs) is the bundle of the sources as they are now.
    globalSetup: ["test/global-setup.ts"],
    include: ["test/resilience/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    reporters: process.env.CI
      ? ["default", ["json", { outputFile: ".ci/results-resilience.json" }]]
      : ["default"],
  },
});
