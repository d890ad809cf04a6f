import { defineConfig } from "vitest/config";

// The differential against the real PSP admission controller (../shared/oracle). Only through
// scripts/with-oracle.sh, which starts the server and exports PSP_ORACLE_URL / PSP_ORACLE_TOKEN.
// Files are named *.oracle.ts so the main vitest.config.ts (*.test.ts) never picks them up, and run
// one after another: they share one server, and every scenario resets its PSPs and RBAC.
export default defineConfig({
  test: {
    include: ["packages/core/test/oracle/**/*.oracle.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: "forks",
    reporters: ["default", "./scripts/summary-reporter.ts"],
  },
});
