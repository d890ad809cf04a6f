/**
 * Bugs the whole-cluster fuzz found and reported (known-bugs/*.yaml, psp-cases/v1, `expected` from our
 * PSP engine), replayed like the rbac cases (case-replay.ts). Each runs with `it.fails`: it passes
 * while the conversion still disagrees with PSP without an explanation, and fails once the bug is
 * fixed — then move the case to test/cases/own/ (rbac-cases.test.ts keeps it fixed) and drop its entry
 * in known-bugs.ts.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readCases } from "../cases/read-cases.js";
import { replayCase } from "./case-replay.js";
import { violations } from "./counterexample.js";

const cases = readCases([fileURLToPath(new URL("./known-bugs", import.meta.url))]);

describe("known bugs found by the cluster fuzz", () => {
  it("has its cases", () => {
    expect(cases.length).toBeGreaterThan(0);
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
      const namespace = String((c.pod?.metadata as { namespace?: string } | undefined)?.namespace ?? "default");
      expect(violations({ ...r.classification, namespace })).toEqual([]);
    });
  }
});
