import { defineConfig } from "vitest/config";

// One workspace-wide test run. The oracle differential only runs when PSP_ORACLE_URL is set
// (see scripts/with-oracle.sh); everything else needs no network and no running server.
export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "packages/*/src/**/*.test.ts", "golden/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "threads",
    reporters: ["default", "./scripts/summary-reporter.ts"],
  },
});
