import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectedGeneratedModules } from "../../../../scripts/generate-template-sources.js";

describe("generated template sources", () => {
  it("are up to date with template.cel.yaml / template.rego (run: npx tsx scripts/generate-template-sources.ts)", () => {
    for (const [path, content] of expectedGeneratedModules()) {
      expect(readFileSync(path, "utf8"), path).toBe(content);
    }
  });
});
