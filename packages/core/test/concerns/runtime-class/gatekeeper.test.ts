import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/runtime-class/gatekeeper/index.js";
import {
  API_IMMUTABLE,
  concernPsp,
  describeAdmissionGuards,
  describeSharedCases,
  differential,
  expectAgreement,
  olderVersion,
  podWith,
  SCOPE,
  sameOutcome,
  templateProblems,
  withFinalizer,
} from "../shared/gatekeeper-simple.js";

const FIELDS = ["runtimeClass"];
const fields = (pod: Record<string, unknown>) => (pod.spec as Record<string, unknown>).runtimeClassName ?? "<unset>";
const psp = (allowed?: string[], def?: string) =>
  concernPsp(
    allowed === undefined
      ? {}
      : {
          runtimeClass: {
            allowedRuntimeClassNames: allowed,
            ...(def !== undefined ? { defaultRuntimeClassName: def } : {}),
          },
        },
    FIELDS,
  );
const withClass = (name?: string) => podWith(name === undefined ? {} : { runtimeClassName: name });

describe("runtime-class → Gatekeeper", () => {
  it("template: CEL lints clean and the Rego mirrors it", () => {
    expect(templateProblems(emitter)).toEqual([]);
  });

  it("parameters: only with a runtimeClass strategy that does not list *", () => {
    expect(emitter.parameters(psp())).toBeNull();
    expect(emitter.parameters(psp(["*"]))).toBeNull();
    expect(emitter.parameters(psp(["b", "a", "b"]))).toEqual({ allowedRuntimeClassNames: ["a", "b"] });
    expect(emitter.parameters(psp([]))).toEqual({ allowedRuntimeClassNames: [] });
  });

  it("mutators: one Assign of spec.runtimeClassName for defaultRuntimeClassName", () => {
    expect(emitter.mutators(psp(["a"]), SCOPE)).toEqual({ mutators: [], findings: [] });
    const { mutators, findings } = emitter.mutators(psp(["*"], "gvisor"), SCOPE);
    expect(mutators).toHaveLength(1);
    expect(mutators[0]?.spec).toMatchObject({
      location: "spec.runtimeClassName",
      match: SCOPE.match,
      parameters: {
        pathTests: [{ subPath: "spec.runtimeClassName", condition: "MustNotExist" }],
        assign: { value: "gvisor" },
      },
    });
    expect(findings.map((f) => f.code)).toEqual(["mutation-not-on-update"]);
  });

  describeSharedCases(emitter, ["runtimeClass.yaml"], FIELDS, fields);

  describe("template edges", () => {
    it("unset is always fine; a listed name passes; others are refused with the name", () => {
      expect(differential(emitter, psp([]), withClass()).gk.allowed).toBe(true);
      expect(differential(emitter, psp(["a"]), withClass("a")).gk.allowed).toBe(true);
      const d = differential(emitter, psp(["a", "b"]), withClass("c"));
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.messages).toEqual([
        'spec.runtimeClassName: Invalid value: "c": runtime class is not allowed (allowed: a, b)',
      ]);
    });
    it("empty list: only pods without a runtime class", () => {
      const d = differential(emitter, psp([]), withClass("a"));
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.allowed).toBe(false);
    });
    it("checked on update", () => {
      const pod = withClass("c");
      const d = differential(emitter, psp(["a"]), pod, "update", olderVersion(pod));
      expect(d.gk.allowed).toBe(false);
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
  });

  describe("mutator edges", () => {
    it("fills a missing runtimeClassName on create, keeps a set one", () => {
      const filled = differential(emitter, psp(["a", "b"], "a"), withClass());
      expect(fields(filled.gk.pod)).toBe("a");
      expect(sameOutcome(filled, fields)).toBeUndefined();
      const kept = differential(emitter, psp(["a", "b"], "a"), withClass("b"));
      expect(fields(kept.gk.pod)).toBe("b");
      expect(sameOutcome(kept, fields)).toBeUndefined();
    });
    it("a default outside the list is written and then refused, like PSP", () => {
      const d = differential(emitter, psp(["a"], "z"), withClass());
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.allowed).toBe(false);
    });
    it("mutation-not-on-update: an old pod without a runtime class cannot be updated (both refuse)", () => {
      const pod = withClass();
      const d = differential(emitter, psp(["*"], "a"), pod, "update", olderVersion(pod));
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.messages).toContain(API_IMMUTABLE);
    });
  });

  it("fast-check: generated pods agree (create and update)", () => {
    const name = fc.constantFrom("a", "b", "c", "*");
    const allowed = fc.option(fc.uniqueArray(name, { maxLength: 3 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom("a", "b", "c"), { nil: undefined }),
        allowed,
        fc.option(fc.constantFrom("a", "b", "c"), { nil: undefined }),
        fc.boolean(),
        (cls, list, def, update) => {
          const policy = psp(list, list === undefined ? undefined : def);
          const p = withClass(cls);
          expectAgreement(emitter, policy, p, fields, update);
        },
      ),
      { numRuns: 250 },
    );
  });
});

describe("runtime-class: mutation-not-on-update, case (2)", () => {
  it("an update omitting runtimeClassName on a pod stored with the default: PSP refuses, Gatekeeper writes it back", () => {
    const stored = withClass("a");
    const d = differential(emitter, psp(["a"], "a"), withClass(), "update", stored);
    expect(d.psp.allowed).toBe(false);
    expect(d.gk.allowed).toBe(true);
    expect(d.gk.pod.spec).toEqual(stored.spec);
  });
});

describeAdmissionGuards(emitter, () => ({ psp: psp([]), pod: withClass("x") }));

describe("runtime-class: mutation-not-on-update, GC-only update", () => {
  it("a finalizer-only update of a pod stored without a runtime class: PSP admits, Gatekeeper's mutation is refused", () => {
    const stored = withClass();
    const d = differential(emitter, psp(["*"], "a"), withFinalizer(stored), "update", stored);
    expect(d.psp.allowed).toBe(true);
    expect(d.gk.messages).toEqual([API_IMMUTABLE]);
  });
});
