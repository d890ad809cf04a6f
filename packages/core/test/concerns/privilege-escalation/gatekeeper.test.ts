import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/privilege-escalation/gatekeeper/index.js";
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

const FIELDS = ["allowPrivilegeEscalation", "defaultAllowPrivilegeEscalation"];
const fields = (pod: Record<string, unknown>) => containerField(pod, "allowPrivilegeEscalation");
const psp = (allow?: boolean, def?: boolean) =>
  concernPsp({ allowPrivilegeEscalation: allow, defaultAllowPrivilegeEscalation: def }, FIELDS);
const withSc = (list: string, sc?: Record<string, unknown>) =>
  podWith({ [list]: [{ name: "x", image: "i", ...(sc ? { securityContext: sc } : {}) }] });
const values = (p: ReturnType<typeof psp>) =>
  emitter
    .mutators(p, SCOPE)
    .mutators.map((m) => (m.spec as { parameters: { assign: { value: unknown } } }).parameters.assign.value);

describe("privilege-escalation → Gatekeeper", () => {
  it("template: CEL lints clean and the Rego mirrors it", () => {
    expect(templateProblems(emitter)).toEqual([]);
  });

  it("parameters: a constraint only when escalation is forbidden (unset = API default true)", () => {
    expect(emitter.parameters(psp(false))).toEqual({});
    expect(emitter.parameters(psp(true))).toBeNull();
    expect(emitter.parameters(psp(undefined))).toBeNull();
  });

  it("mutators: defaultAllowPrivilegeEscalation wins, else false when forbidden, else none", () => {
    expect(values(psp(true))).toEqual([]);
    expect(values(psp(true, false))).toEqual([false, false, false]);
    expect(values(psp(true, true))).toEqual([true, true, true]);
    expect(values(psp(false))).toEqual([false, false, false]);
    expect(values(psp(false, false))).toEqual([false, false, false]);
    const { mutators, findings } = emitter.mutators(psp(false), SCOPE);
    expect(mutators.map((m) => (m.spec as { location: string }).location)).toEqual([
      "spec.initContainers[name: *].securityContext.allowPrivilegeEscalation",
      "spec.containers[name: *].securityContext.allowPrivilegeEscalation",
      "spec.ephemeralContainers[name: *].securityContext.allowPrivilegeEscalation",
    ]);
    for (const m of mutators) {
      expect((m.spec as Record<string, unknown>).parameters).toMatchObject({
        pathTests: [{ subPath: (m.spec as { location: string }).location, condition: "MustNotExist" }],
      });
    }
    expect(findings.map((f) => [f.code, f.level])).toEqual([["mutation-not-on-update", "warning"]]);
  });

  describeSharedCases(emitter, ["allowPrivilegeEscalation.yaml"], FIELDS, fields);

  describe("mutator edges (create)", () => {
    it("forbidding PSP: unset becomes false in every list, explicit true stays and is refused", () => {
      for (const list of ["containers", "initContainers"]) {
        for (const sc of [undefined, {}]) {
          const d = differential(emitter, psp(false), withSc(list, sc));
          expect(d.gk.allowed).toBe(true);
          expect(fields(d.gk.pod)[`${list}/x`]).toBe(false);
          expect(sameOutcome(d, fields)).toBeUndefined();
        }
        const d = differential(emitter, psp(false), withSc(list, { allowPrivilegeEscalation: true }));
        expect(d.psp.allowed).toBe(false);
        expect(d.gk.messages).toEqual([
          "securityContext.allowPrivilegeEscalation: Allowing privilege escalation for containers is not allowed (must be false; containers: x)",
        ]);
      }
    });
    it("default true on an allowing PSP fills true, keeps an explicit false", () => {
      const d = differential(emitter, psp(true, true), withSc("containers"));
      expect(fields(d.gk.pod)).toEqual({ "containers/x": true });
      expect(sameOutcome(d, fields)).toBeUndefined();
      const kept = differential(emitter, psp(true, true), withSc("containers", { allowPrivilegeEscalation: false }));
      expect(fields(kept.gk.pod)).toEqual({ "containers/x": false });
      expect(sameOutcome(kept, fields)).toBeUndefined();
    });
    it("no default and allowed: nothing written", () => {
      const d = differential(emitter, psp(true), withSc("containers"));
      expect(fields(d.gk.pod)).toEqual({ "containers/x": "<unset>" });
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
  });

  describe("template edges (update)", () => {
    it("refuses unset on update (PSP does not default then)", () => {
      const pod = withSc("containers");
      const d = differential(emitter, psp(false), pod, "update", olderVersion(pod));
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.allowed).toBe(false);
    });
    it("ephemeral containers are checked", () => {
      const old = withSc("containers", { allowPrivilegeEscalation: false });
      const pod = { ...old, spec: { ...(old.spec as object), ephemeralContainers: [{ name: "e", image: "i" }] } };
      const d = differential(emitter, psp(false), pod, "update", old);
      expect(d.gk.allowed).toBe(false);
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
    it("mutation-not-on-update: the mutators change an old pod on UPDATE (API refuses), PSP cannot validate it", () => {
      const pod = withSc("containers");
      const r = gatekeeperFor(emitter, psp(true, false)).simulator.reviewPod(pod, {
        operation: "UPDATE",
        userInfo: { username: "u" },
        oldPod: olderVersion(pod),
      });
      expect(fields(r.mutatedPod)).toEqual({ "containers/x": false });
      const d = differential(emitter, psp(true, false), pod, "update", olderVersion(pod));
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.messages).toContain(API_IMMUTABLE);
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
  });

  it("fast-check: generated pods agree (create and update)", () => {
    const sc = fc.option(fc.record({ allowPrivilegeEscalation: fc.boolean() }, { requiredKeys: [] }), {
      nil: undefined,
    });
    const container = (name: string) => sc.map((s) => ({ name, image: "i", ...(s ? { securityContext: s } : {}) }));
    const pod = fc
      .tuple(
        container("c"),
        fc.option(container("i"), { nil: undefined }),
        fc.option(container("c2"), { nil: undefined }),
      )
      .map(([c, i, c2]) => podWith({ containers: c2 ? [c, c2] : [c], ...(i ? { initContainers: [i] } : {}) }));
    const flag = fc.option(fc.boolean(), { nil: undefined });
    fc.assert(
      fc.property(pod, flag, flag, fc.boolean(), (p, allow, def, update) => {
        const policy = psp(allow, def);
        expectAgreement(emitter, policy, p, fields, update);
      }),
      { numRuns: 250 },
    );
  });
});

describe("privilege-escalation: mutation-not-on-update, case (2)", () => {
  it("an update omitting the field on a pod stored with the default: PSP refuses, Gatekeeper writes it back", () => {
    const stored = podWith({
      containers: [{ name: "x", image: "i", securityContext: { allowPrivilegeEscalation: false } }],
    });
    const request = podWith({ containers: [{ name: "x", image: "i" }] });
    const d = differential(emitter, psp(false), request, "update", stored);
    expect(d.psp.allowed).toBe(false);
    expect(d.gk.allowed).toBe(true);
    expect(d.gk.pod.spec).toEqual(stored.spec);
  });
});

describeAdmissionGuards(emitter, () => ({
  psp: psp(false),
  pod: withSc("containers", { allowPrivilegeEscalation: true }),
}));

describe("privilege-escalation: mutation-not-on-update, GC-only update", () => {
  it("a finalizer-only update of a pod stored without the field: PSP admits, Gatekeeper's mutation is refused", () => {
    const stored = withSc("containers");
    const d = differential(emitter, psp(true, false), withFinalizer(stored), "update", stored);
    expect(d.psp.allowed).toBe(true);
    expect(d.gk.messages).toEqual([API_IMMUTABLE]);
  });
});
