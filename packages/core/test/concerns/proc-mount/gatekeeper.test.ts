import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/proc-mount/gatekeeper/index.js";
import {
  concernPsp,
  containerField,
  describeAdmissionGuards,
  describeSharedCases,
  differential,
  expectAgreement,
  podWith,
  SCOPE,
  sameOutcome,
  templateProblems,
} from "../shared/gatekeeper-simple.js";

const FIELDS = ["allowedProcMountTypes"];
const fields = (pod: Record<string, unknown>) => containerField(pod, "procMount");
const psp = (allowed?: string[]) => concernPsp({ allowedProcMountTypes: allowed }, FIELDS);
const withProcMount = (list: string, procMount?: string) =>
  podWith({ [list]: [{ name: "x", image: "i", ...(procMount ? { securityContext: { procMount } } : {}) }] });

describe("proc-mount → Gatekeeper", () => {
  it("template: CEL lints clean and the Rego mirrors it", () => {
    expect(templateProblems(emitter)).toEqual([]);
  });

  it("parameters: the allowed set ([Default] when empty); nothing when both types are allowed", () => {
    expect(emitter.parameters(psp())).toEqual({ allowedProcMountTypes: ["Default"] });
    expect(emitter.parameters(psp([]))).toEqual({ allowedProcMountTypes: ["Default"] });
    expect(emitter.parameters(psp(["Unmasked"]))).toEqual({ allowedProcMountTypes: ["Unmasked"] });
    expect(emitter.parameters(psp(["Unmasked", "Default"]))).toBeNull();
    expect(emitter.mutators(psp(), SCOPE)).toEqual({ mutators: [], findings: [] });
  });

  describeSharedCases(emitter, ["procMount.yaml"], FIELDS, fields);

  describe("edges", () => {
    it("default PSP: unset and Default pass, Unmasked is refused in every container list", () => {
      for (const list of ["containers", "initContainers"]) {
        expect(differential(emitter, psp(), withProcMount(list)).gk.allowed).toBe(true);
        expect(differential(emitter, psp(), withProcMount(list, "Default")).gk.allowed).toBe(true);
        const d = differential(emitter, psp(), withProcMount(list, "Unmasked"));
        expect(d.psp.allowed).toBe(false);
        expect(d.gk.messages).toEqual([
          "securityContext.procMount: ProcMountType is not allowed (containers: x; allowed: Default)",
        ]);
      }
    });
    it("only Unmasked listed: an unset procMount (Default) is refused", () => {
      const d = differential(emitter, psp(["Unmasked"]), withProcMount("containers"));
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.allowed).toBe(false);
      expect(differential(emitter, psp(["Unmasked"]), withProcMount("containers", "Unmasked")).gk.allowed).toBe(true);
    });
    it("ephemeral containers on update", () => {
      const old = podWith();
      const pod = podWith({
        ephemeralContainers: [{ name: "e", image: "i", securityContext: { procMount: "Unmasked" } }],
      });
      const d = differential(emitter, psp(), pod, "update", old);
      expect(d.gk.allowed).toBe(false);
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
  });

  it("fast-check: generated pods agree (create and update)", () => {
    const procMount = fc.option(fc.constantFrom("Default", "Unmasked"), { nil: undefined });
    const container = (name: string) =>
      procMount.map((p) => ({ name, image: "i", ...(p ? { securityContext: { procMount: p } } : {}) }));
    const pod = fc
      .tuple(container("c"), fc.option(container("i"), { nil: undefined }))
      .map(([c, i]) => podWith({ containers: [c], ...(i ? { initContainers: [i] } : {}) }));
    const allowed = fc.option(fc.subarray(["Default", "Unmasked"]), { nil: undefined });
    fc.assert(
      fc.property(pod, allowed, fc.boolean(), (p, a, update) => {
        const policy = psp(a);
        expectAgreement(emitter, policy, p, fields, update);
      }),
      { numRuns: 150 },
    );
  });
});

describeAdmissionGuards(emitter, () => ({ psp: psp(), pod: withProcMount("containers", "Unmasked") }));
