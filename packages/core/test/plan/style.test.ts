/**
 * "No policy-set output where per-field would have been exact": for every golden cluster, each namespace
 * group `--style auto` gives a policy set must be one where forcing per-field constraints is reported
 * as inexact (per-field-not-exact, or authenticated-grant-only for a grant to system:authenticated
 * alone); and each group auto makes per-field must convert to the same constraints when forced.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert } from "../../src/convert/convert.js";
import { loadInputs } from "../../src/load/index.js";
import { findingAppliesTo } from "../../src/model/findings.js";
import { REPO_ROOT } from "../cases/read-cases.js";

const GOLDEN = join(REPO_ROOT, "golden");
const clusters = readdirSync(GOLDEN, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(GOLDEN, d.name, "input")))
  .map((d) => d.name)
  .sort();

/** A namespace inside the group (the default group: one no other group lists). */
function sampleNamespace(namespaces: "all" | string[], excluded: string[]): string {
  if (namespaces !== "all") return namespaces[0] as string;
  let candidate = "a-namespace-created-later";
  while (excluded.includes(candidate)) candidate += "-x";
  return candidate;
}

describe("auto style: a policy set only where per-field would not be exact", () => {
  for (const name of clusters) {
    it(name, async () => {
      const bundle = await loadInputs([join(GOLDEN, name, "input")]);
      const auto = convert(bundle);
      if (auto.status === "refused") return;
      const forced = convert(bundle, { style: "per-field" });
      expect(forced.status).toBe("converted");
      let checked = 0;
      for (const g of auto.report.groups) {
        const ns = sampleNamespace(g.namespaces, g.excludedNamespaces);
        const forcedGroup = forced.report.groups.find((f) => f.id === g.id);
        expect(forcedGroup, `${name}: group ${g.id} exists in both`).toBeDefined();
        if (g.style === "policy-set") {
          checked++;
          const said = forced.findings.filter(
            (f) =>
              (f.code === "per-field-not-exact" || f.code === "authenticated-grant-only") && findingAppliesTo(f, ns),
          );
          expect(said.length, `${name}: group ${g.id} is a policy set, yet per-field would be exact`).toBeGreaterThan(
            0,
          );
        }
        if (g.style === "per-field") {
          checked++;
          expect(forcedGroup?.style).toBe("per-field");
          expect(forcedGroup?.constraints).toEqual(g.constraints);
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
