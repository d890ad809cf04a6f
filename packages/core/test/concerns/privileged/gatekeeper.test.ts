import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/privileged/gatekeeper/index.js";
import {
  concernPsp,
  containerField,
  describeAdmissionGuards,
  describeSharedCases,
  differential,
  expectAgreement,
  gatekeeperFor,
  permissivePsp,
  podWith,
  SCOPE,
  sameOutcome,
  templateProblems,
} from "../shared/gatekeeper-simple.js";

const FIELDS = ["privileged"];
const fields = (pod: Record<string, unknown>) => containerField(pod, "privileged");
const forbidding = concernPsp({ privileged: false }, FIELDS);

describe("privileged → Gatekeeper", () => {
  it("template: CEL lints clean and the Rego mirrors it", () => {
    expect(templateProblems(emitter)).toEqual([]);
  });

  it("parameters: a constraint only when the PSP forbids privileged containers; never a mutator", () => {
    expect(emitter.parameters(permissivePsp({ privileged: true }))).toBeNull();
    expect(emitter.parameters(permissivePsp({ privileged: false }))).toEqual({});
    expect(emitter.parameters(permissivePsp({ privileged: undefined }))).toEqual({});
    expect(emitter.mutators(forbidding, SCOPE)).toEqual({ mutators: [], findings: [] });
    expect(gatekeeperFor(emitter, forbidding).simulator).toBeDefined();
  });

  describeSharedCases(emitter, ["privileged.yaml"], FIELDS, fields);

  describe("edges", () => {
    const deny = (spec: Record<string, unknown>) => differential(emitter, forbidding, podWith(spec));
    it("denies privileged: true in any container list, names the container and the field", () => {
      for (const list of ["containers", "initContainers"]) {
        const d = deny({ [list]: [{ name: "x", image: "i", securityContext: { privileged: true } }] });
        expect(d.psp.allowed).toBe(false);
        expect(d.gk.allowed).toBe(false);
        expect(d.gk.messages.join()).toContain("Privileged containers are not allowed (containers: x)");
        expect(d.gk.messages.join()).toContain("securityContext.privileged");
      }
    });
    it("denies a privileged ephemeral container on update", () => {
      const old = podWith();
      const pod = podWith({
        ephemeralContainers: [{ name: "dbg", image: "i", securityContext: { privileged: true } }],
      });
      const d = differential(emitter, forbidding, pod, "update", old);
      expect(d.gk.allowed).toBe(false);
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
    it("allows unset, false and an empty securityContext", () => {
      for (const sc of [undefined, {}, { privileged: false }]) {
        const d = deny({ containers: [{ name: "x", image: "i", ...(sc ? { securityContext: sc } : {}) }] });
        expect(d.gk.allowed).toBe(true);
        expect(sameOutcome(d, fields)).toBeUndefined();
      }
    });
    it("a PSP allowing privileged emits nothing, so anything passes", () => {
      const psp = permissivePsp({ privileged: true });
      const d = differential(
        emitter,
        psp,
        podWith({ containers: [{ name: "x", image: "i", securityContext: { privileged: true } }] }),
      );
      expect(d.gk.allowed).toBe(true);
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
  });

  it("fast-check: generated pods agree (create and update)", () => {
    const sc = fc.option(fc.record({ privileged: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: [] }), {
      nil: undefined,
    });
    const container = (name: string) =>
      sc.map((s) => ({ name, image: "i", ...(s ? { securityContext: s } : {}) }) as Record<string, unknown>);
    const pod = fc
      .tuple(fc.array(container("c"), { minLength: 1, maxLength: 1 }), fc.array(container("i"), { maxLength: 1 }))
      .map(([cs, is]) => podWith({ containers: cs, ...(is.length ? { initContainers: is } : {}) }));
    fc.assert(
      fc.property(pod, fc.boolean(), fc.boolean(), (p, allow, update) => {
        const psp = concernPsp({ privileged: allow }, FIELDS);
        expectAgreement(emitter, psp, p, fields, update);
      }),
      { numRuns: 150 },
    );
  });
});

describeAdmissionGuards(emitter, () => ({
  psp: concernPsp({ privileged: false }, FIELDS),
  pod: podWith({ containers: [{ name: "x", image: "i", securityContext: { privileged: true } }] }),
}));
