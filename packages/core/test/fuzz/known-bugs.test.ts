/**
 * Bugs the whole-cluster fuzz found and reported (known-bugs/*.yaml, psp-cases/v1, `expected` from our
 * PSP engine), replayed like the rbac cases (case-replay.ts). Each runs with `it.fails`: it passes
 * while the conversion still disagrees with PSP without an explanation, and fails once the bug is
 * fixed — then move the case to regressions/ (rbac-cases.test.ts keeps it fixed; it may go on to
 * test/cases/own/) and drop its entry in known-bugs.ts.
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readCases } from "../cases/read-cases.js";
import { asVerdict, replayCase } from "./case-replay.js";
import { type VerdictLike, violations } from "./counterexample.js";
import { KNOWN_BUGS } from "./known-bugs.js";

const dir = fileURLToPath(new URL("./known-bugs", import.meta.url));
// Git keeps no empty directory: with no open bug there is none.
const cases = existsSync(dir) ? readCases([dir]) : [];

describe("known bugs found by the cluster fuzz", () => {
  it("every known bug has its case, and every case its known bug", () => {
    const files = [...new Set(cases.map((c) => basename(c.file, ".yaml")))].sort();
    expect(files).toEqual(KNOWN_BUGS.map((b) => b.name).sort());
  });

  for (const c of cases) {
    it(`${c.name}: the engine still decides as the case says`, () => {
      const r = replayCase(c);
      expect(r.engine?.allowed).toBe(c.expected.allowed);
      expect(r.engine?.psp ?? null).toBe(c.expected.psp);
    });

    it.fails(`${c.name}: the conversion agrees with PSP or explains why (fails while the bug is there)`, () => {
      const r = replayCase(c);
      if (!r.classification) throw new Error("conversion refused");
      expect(violations(asVerdict(c, r) as VerdictLike, r.storedAdmittedUnchanged)).toEqual([]);
    });
  }
});
