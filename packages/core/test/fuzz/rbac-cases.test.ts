/**
 * Every rbac admission case (shared, own, PSP_CASES_DIR and the fuzz's regressions/; create) through a whole-cluster conversion
 * (case-replay.ts): Gatekeeper's decision must equal the case's expected decision (disputes applied),
 * or `classify` must name the finding that explains the difference. Both-admit differences in the
 * stored pod must be explained too. The explained ones are counted and printed, so the price of each
 * approximation on the shared cases stays visible.
 */
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type AdmissionExpectation, caseDirectories, readCases, readDisputes } from "../cases/read-cases.js";
import { asVerdict, caseObjects, replayCase } from "./case-replay.js";
import { type VerdictLike, violations } from "./counterexample.js";

/**
 * Known differences (reported to the lead), run with `it.fails`: the test fails once they are gone.
 * Case name → why.
 */
const KNOWN: Record<string, string> = {
  // None open. (rbac/system-authenticated-never-matches-the-synthetic-sa-identity was one: per-field
  // constraints admit an anonymous request's pod where a system:authenticated grant reaches every pod;
  // the converter now says so with authenticated-grant-only, which explains it for requesters without
  // system:authenticated only.)
};

const disputes = readDisputes();
/** Fixed bugs the cluster fuzz found, kept as cases (psp-cases/v1 + convertOptions). */
const FUZZ_REGRESSIONS = fileURLToPath(new URL("./regressions", import.meta.url));
const cases = readCases([...caseDirectories(), FUZZ_REGRESSIONS]).filter(
  (c) =>
    (c.kind ?? "admission") === "admission" &&
    (c.operation ?? "create") === "create" &&
    c.authorization?.mode === "rbac" &&
    c.pod !== undefined,
);

const explained = new Map<string, string[]>();
const refused: string[] = [];

describe("rbac cases through whole-cluster conversion", () => {
  it("finds the shared rbac cases", () => {
    expect(cases.length).toBeGreaterThan(15);
  });

  for (const c of cases) {
    const known = KNOWN[c.name];
    (known ? it.fails : it)(known ? `${c.name} (known: ${known})` : c.name, () => {
      const expected: AdmissionExpectation = { ...c.expected, ...(disputes.get(c.name)?.actual ?? {}) };
      const r = replayCase(c);
      if (!r.engine || !r.gatekeeper || !r.classification) {
        // Refused: nothing is emitted, and the refusal must say why (an error finding).
        const errors = r.converted.findings.filter((f) => f.level === "error").map((f) => f.code);
        expect(errors.length, `${c.name}: refused without an error finding`).toBeGreaterThan(0);
        refused.push(`${c.name} (${[...new Set(errors)].join(", ")})`);
        return;
      }
      // The engine on the converted bundle is the case's truth (admission-cases.test.ts checks the
      // engine on the case itself; this catches a loader reading the RBAC objects differently).
      expect(r.engine.allowed, `engine on the loaded bundle (${caseObjects(c).length} objects)`).toBe(expected.allowed);
      // Every difference explained; a looser decision only by an error finding about this namespace.
      expect(violations(asVerdict(c, r) as VerdictLike, r.storedAdmittedUnchanged)).toEqual([]);
      if (r.gatekeeper.allowed !== expected.allowed) {
        // Only reachable with an explanation (checked above): count it.
        expect(r.classification.kind).not.toBe("agree");
      }
      for (const d of r.classification.differences) {
        const key = `${r.classification.kind} [${d.explainedBy?.code}]`;
        const names = explained.get(key) ?? [];
        if (!names.includes(c.name)) explained.set(key, [...names, c.name]);
      }
    });
  }

  afterAll(() => {
    const lines = [...explained.entries()].sort().map(([k, names]) => `  ${k}: ${names.length} (${names.join(", ")})`);
    console.info(
      `rbac cases: ${cases.length}; refused conversions: ${refused.length}${refused.length ? ` (${refused.join("; ")})` : ""}; explained differences:\n${lines.join("\n") || "  none"}`,
    );
  });
});
