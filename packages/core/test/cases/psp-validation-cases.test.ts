/**
 * The shared `kind: psp-validation` cases: is the PSP object itself one the API server accepts?
 * One test per case; a disputed case (test/case-disputes.yaml) asserts the dispute's `actual` instead.
 */
import { describe, expect, it } from "vitest";
import { validatePsp } from "../../src/model/psp-validation.js";
import { formatFieldError } from "../../src/psp/field-error.js";
import { type PspCase, readCases, readDisputes } from "./read-cases.js";

/** The PSP under test: `psp` (a whole object) or the case's single `psps` entry ({name, annotations, spec}). */
function pspObjectOf(c: PspCase): unknown {
  if (c.psp) return c.psp;
  const [only, ...rest] = c.psps ?? [];
  if (!only || rest.length > 0) throw new Error(`${c.file}: case ${c.name} must have exactly one PSP`);
  return {
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name: only.name, ...(only.annotations ? { annotations: only.annotations } : {}) },
    spec: only.spec,
  };
}

const cases = readCases().filter((c) => c.kind === "psp-validation");
const disputes = readDisputes();

describe("psp-validation cases", () => {
  it("finds the shared cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const c of cases) {
    it(c.name, () => {
      const dispute = disputes.get(c.name);
      if (dispute) console.log(`case ${c.name} is disputed (${dispute.kubernetesSource}): ${dispute.reason}`);
      const expected = dispute ? { ...c.expected, ...dispute.actual } : c.expected;
      const messages = validatePsp(pspObjectOf(c)).map(formatFieldError);
      if (expected.valid) expect(messages).toEqual([]);
      else expect(messages.length).toBeGreaterThan(0);
      const all = messages.join("\n");
      for (const fragment of expected.errorContains ?? []) expect(all).toContain(fragment);
    });
  }
});
