import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/read-only-root-filesystem/gatekeeper/index.js";
import {
  API_IMMUTABLE,
  concernPsp,
  containerField,
  describeAdmissionGuards,
  describeSharedCases,
  differential,
  expectAgreement,
  gatekeeperFor,
  olderVersion,
  podWith,
  SCOPE,
  sameOutcome,
  templateProblems,
  withFinalizer,
} from "../shared/gatekeeper-simple.js";

const FIELDS = ["readOnlyRootFilesystem"];
const fields = (pod: Record<string, unknown>) => containerField(pod, "readOnlyRootFilesystem");
const requiring = concernPsp({ readOnlyRootFilesystem: true }, FIELDS);
const optional = concernPsp({ readOnlyRootFilesystem: false }, FIELDS);
const withSc = (list: string, sc?: Record<string, unknown>) =>
  podWith({ [list]: [{ name: "x", image: "i", ...(sc ? { securityContext: sc } : {}) }] });

describe("read-only-root-filesystem → Gatekeeper", () => {
  it("template: CEL lints clean and the Rego mirrors it", () => {
    expect(templateProblems(emitter)).toEqual([]);
  });

  it("parameters and mutators only for readOnlyRootFilesystem: true", () => {
    expect(emitter.parameters(requiring)).toEqual({});
    expect(emitter.parameters(optional)).toBeNull();
    expect(emitter.mutators(optional, SCOPE)).toEqual({ mutators: [], findings: [] });
    const { mutators, findings } = emitter.mutators(requiring, SCOPE);
    expect(mutators.map((m) => (m.spec as { location: string }).location)).toEqual([
      "spec.initContainers[name: *].securityContext.readOnlyRootFilesystem",
      "spec.containers[name: *].securityContext.readOnlyRootFilesystem",
      "spec.ephemeralContainers[name: *].securityContext.readOnlyRootFilesystem",
    ]);
    for (const m of mutators) {
      const spec = m.spec as Record<string, unknown>;
      expect(spec.match).toEqual(SCOPE.match);
      expect(spec.applyTo).toEqual([{ groups: [""], kinds: ["Pod"], versions: ["v1"] }]);
      expect(spec.parameters).toMatchObject({ pathTests: [{ condition: "MustNotExist" }], assign: { value: true } });
      expect(JSON.stringify(m)).not.toContain("assignIf");
    }
    expect(new Set(mutators.map((m) => (m.metadata as { name: string }).name)).size).toBe(3);
    expect(findings.map((f) => f.code)).toEqual(["mutation-not-on-update"]);
  });

  describeSharedCases(emitter, ["readOnlyRootFilesystem.yaml"], FIELDS, fields);

  describe("mutator edges (create)", () => {
    it("fills an unset value in every container list (nil and empty securityContext), like PSP", () => {
      for (const list of ["containers", "initContainers"]) {
        for (const sc of [undefined, {}, { runAsUser: 5 }]) {
          const d = differential(emitter, requiring, withSc(list, sc));
          expect(d.gk.allowed).toBe(true);
          expect(fields(d.gk.pod)[`${list}/x`]).toBe(true);
          expect(sameOutcome(d, fields)).toBeUndefined();
        }
      }
    });
    it("keeps an explicit false (then the template refuses it) and an explicit true", () => {
      const d = differential(emitter, requiring, withSc("containers", { readOnlyRootFilesystem: false }));
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.allowed).toBe(false);
      expect(fields(d.gk.pod)).toEqual({ "containers/x": false });
      expect(d.gk.messages).toEqual([
        "securityContext.readOnlyRootFilesystem: Invalid value: false: ReadOnlyRootFilesystem must be set to true (containers: x)",
      ]);
      const ok = differential(emitter, requiring, withSc("containers", { readOnlyRootFilesystem: true }));
      expect(ok.gk.allowed).toBe(true);
      expect(sameOutcome(ok, fields)).toBeUndefined();
    });
    it("does nothing for a PSP without the requirement", () => {
      const d = differential(emitter, optional, withSc("containers"));
      expect(fields(d.gk.pod)).toEqual({ "containers/x": "<unset>" });
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
  });

  describe("template edges (update: no PSP mutation)", () => {
    it("refuses an unset value on update, like PSP (template alone: the nil message)", () => {
      const pod = withSc("containers");
      const d = differential(emitter, requiring, pod, "update", olderVersion(pod));
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.allowed).toBe(false);
      const r = gatekeeperFor(emitter, requiring, false).simulator.reviewPod(pod, {
        operation: "UPDATE",
        userInfo: { username: "u" },
        oldPod: olderVersion(pod),
      });
      expect(r.violations.flatMap((v) => v.messages)).toEqual([
        'securityContext.readOnlyRootFilesystem: Invalid value: "null": ReadOnlyRootFilesystem may not be nil and must be set to true (containers: x)',
      ]);
    });
    it("ephemeral containers are checked on update", () => {
      const old = withSc("containers", { readOnlyRootFilesystem: true });
      const pod = { ...old, spec: { ...(old.spec as object), ephemeralContainers: [{ name: "e", image: "i" }] } };
      const d = differential(emitter, requiring, pod, "update", old);
      expect(d.gk.allowed).toBe(false);
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
    it("mutation-not-on-update: with mutators on UPDATE Gatekeeper would fill the field (PSP refuses; the API server refuses the changed spec)", () => {
      const pod = withSc("containers");
      const r = gatekeeperFor(emitter, requiring).simulator.reviewPod(pod, {
        operation: "UPDATE",
        userInfo: { username: "u" },
        oldPod: olderVersion(pod),
      });
      expect(r.mutations.length).toBeGreaterThan(0);
      expect(fields(r.mutatedPod)).toEqual({ "containers/x": true });
      expect(differential(emitter, requiring, pod, "update", olderVersion(pod)).gk.messages).toContain(API_IMMUTABLE);
    });
  });

  it("fast-check: generated pods agree (create and update)", () => {
    const sc = fc.option(fc.record({ readOnlyRootFilesystem: fc.boolean() }, { requiredKeys: [] }), { nil: undefined });
    const container = (name: string) => sc.map((s) => ({ name, image: "i", ...(s ? { securityContext: s } : {}) }));
    const pod = fc
      .tuple(
        container("c"),
        fc.option(container("i"), { nil: undefined }),
        fc.option(container("c2"), { nil: undefined }),
      )
      .map(([c, i, c2]) => podWith({ containers: c2 ? [c, c2] : [c], ...(i ? { initContainers: [i] } : {}) }));
    fc.assert(
      fc.property(pod, fc.option(fc.boolean(), { nil: undefined }), fc.boolean(), (p, ro, update) => {
        const psp = concernPsp({ readOnlyRootFilesystem: ro }, FIELDS);
        expectAgreement(emitter, psp, p, fields, update);
      }),
      { numRuns: 200 },
    );
  });
});

describe("read-only-root-filesystem: mutation-not-on-update, case (2)", () => {
  it("an update omitting the field on a pod stored with it: PSP refuses, Gatekeeper writes it back and admits", () => {
    const stored = podWith({
      containers: [{ name: "x", image: "i", securityContext: { readOnlyRootFilesystem: true } }],
    });
    const request = podWith({ containers: [{ name: "x", image: "i" }] });
    const d = differential(emitter, concernPsp({ readOnlyRootFilesystem: true }, FIELDS), request, "update", stored);
    expect(d.psp.allowed).toBe(false);
    expect(d.gk.allowed).toBe(true);
    expect(d.gk.pod.spec).toEqual(stored.spec);
    expect(emitter.mutators(requiring, SCOPE).findings[0]?.message).toContain("the stored value is written back");
  });
});

describeAdmissionGuards(emitter, () => ({
  psp: requiring,
  pod: withSc("containers", { readOnlyRootFilesystem: false }),
}));

describe("read-only-root-filesystem: mutation-not-on-update, GC-only update", () => {
  it("a finalizer-only update of a pod stored without the field: PSP admits, Gatekeeper's mutation is refused", () => {
    const stored = podWith({ containers: [{ name: "x", image: "i" }] });
    const d = differential(emitter, requiring, withFinalizer(stored), "update", stored);
    expect(d.psp.allowed).toBe(true);
    expect(d.gk.allowed).toBe(false);
    expect(d.gk.messages).toEqual([API_IMMUTABLE]);
    expect(emitter.mutators(requiring, SCOPE).findings[0]?.message).toContain("ownerReferences/finalizers");
  });
});
