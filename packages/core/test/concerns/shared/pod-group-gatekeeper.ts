/**
 * The Gatekeeper tests fs-group and supplemental-groups share. Both concerns run one engine strategy
 * (`src/concerns/shared/group-strategy.ts`) on one pod-level field, so their template, mutator and
 * differential tests are the same but for the field and how a GID is written (`fsGroup: 10` vs
 * `supplementalGroups: [10]`). Concern-specific tests stay in each concern's test file.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConcernEmitter } from "../../../src/emit/concern-emitter.js";
import type { Pod, PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { idsAround, podArb } from "./gatekeeper-gen.js";
import {
  artefacts,
  expectSameDecision,
  expectTemplateMirrors,
  itSharedCases,
  pspWith,
  runBoth,
  templateMessages,
} from "./gatekeeper-identity.js";

export const RANGES = [
  { min: 10, max: 10 },
  { min: 100, max: 200 },
];
export const RANGES_TEXT = "[{10 10} {100 200}]";

export interface PodGroupConcern {
  concern: "fs-group" | "supplemental-groups";
  field: "fsGroup" | "supplementalGroups";
  emitter: ConcernEmitter;
  /** The field's value holding one GID. */
  value(gid: number): number | number[];
  /** Generated field values from generated GIDs. */
  arbitrary(ids: fc.Arbitrary<number>): fc.Arbitrary<unknown>;
  /** `[code, level]` of the findings MustRunAs mutators report. */
  mutatorFindings: [string, string][];
}

export interface PodGroupContext {
  mustRunAs: PodSecurityPolicy;
  mayRunAs: PodSecurityPolicy;
  pod(securityContext?: Record<string, unknown>): Pod;
  podValue(pod: Pod): unknown;
}

export function groupPod(securityContext?: Record<string, unknown>): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns" },
    spec: { containers: [{ name: "c", image: "busybox" }], ...(securityContext ? { securityContext } : {}) },
  } as unknown as Pod;
}

export function podGroupContext(c: PodGroupConcern): PodGroupContext {
  return {
    mustRunAs: pspWith({ [c.field]: { rule: "MustRunAs", ranges: RANGES } }),
    mayRunAs: pspWith({ [c.field]: { rule: "MayRunAs", ranges: RANGES } }),
    pod: groupPod,
    podValue: (pod) => pod.spec.securityContext?.[c.field],
  };
}

/**
 * Registers the shared describes. `moreTemplateTests` runs inside the template describe, after the
 * shared tests, for what only one concern has (e.g. explicit empty lists).
 */
export function describePodGroupConcern(c: PodGroupConcern, moreTemplateTests?: (ctx: PodGroupContext) => void): void {
  const ctx = podGroupContext(c);
  const { mustRunAs, mayRunAs, pod, podValue } = ctx;
  const { emitter, field } = c;
  const at = (gid: number) => pod({ [field]: c.value(gid) });

  describe(`${c.concern} Gatekeeper template`, () => {
    it("lints, mirrors the Rego and has a structural parameters schema", () => {
      expectTemplateMirrors(emitter);
    });

    it(`parameters: null for RunAsAny, {rule, ranges} (gatekeeper-library's ${field}) otherwise`, () => {
      expect(emitter.parameters(pspWith({}))).toBeNull();
      expect(emitter.parameters(mustRunAs)).toEqual({ [field]: { rule: "MustRunAs", ranges: RANGES } });
      expect(emitter.parameters(mayRunAs)).toEqual({ [field]: { rule: "MayRunAs", ranges: RANGES } });
    });

    it("MustRunAs: required and in a range, ends inclusive", () => {
      for (const gid of [10, 100, 200]) expect(templateMessages(emitter, mustRunAs, at(gid)), `gid ${gid}`).toEqual([]);
      for (const gid of [0, 9, 11, 99, 201]) {
        expect(templateMessages(emitter, mustRunAs, at(gid))).toEqual([
          `spec.securityContext.${field}: Invalid value: [${gid}]: group ${gid} must be in the ranges: ${RANGES_TEXT}`,
        ]);
      }
      for (const p of [pod(), pod({})]) {
        expect(templateMessages(emitter, mustRunAs, p)).toEqual([
          `spec.securityContext.${field}: Invalid value: []: unable to validate empty groups against required ranges`,
        ]);
      }
    });

    it("MayRunAs: unset is fine, set must be in a range", () => {
      expect(templateMessages(emitter, mayRunAs, pod())).toEqual([]);
      expect(templateMessages(emitter, mayRunAs, at(150))).toEqual([]);
      expect(templateMessages(emitter, mayRunAs, at(0))).toHaveLength(1);
    });

    it("denies every pod for an unknown rule (fail closed)", () => {
      const psp = pspWith({ [field]: { rule: "MustRunAs", ranges: RANGES } });
      (psp.spec[field] as { rule: string }).rule = "Bogus";
      expect(runBoth(emitter, psp, at(10)).gatekeeper.allowed).toBe(false);
    });

    moreTemplateTests?.(ctx);
  });

  describe(`${c.concern} Gatekeeper mutators`, () => {
    it("MustRunAs: one pod-level Assign of ranges[0].min, only when missing; nothing for MayRunAs", () => {
      const { mutators, findings } = emitter.mutators(mustRunAs, { match: {}, namePrefix: "p" });
      expect(mutators).toHaveLength(1);
      expect(mutators[0]?.spec).toMatchObject({
        applyTo: [{ groups: [""], kinds: ["Pod"], versions: ["v1"] }],
        location: `spec.securityContext.${field}`,
        parameters: {
          pathTests: [{ subPath: `spec.securityContext.${field}`, condition: "MustNotExist" }],
          assign: { value: c.value(10) },
        },
      });
      expect(findings.map((f) => [f.code, f.level])).toEqual(c.mutatorFindings);
      expect(emitter.mutators(mayRunAs, { match: {}, namePrefix: "p" })).toEqual({ mutators: [], findings: [] });
    });

    it("MustRunAs: same pod value as PSP (missing → default, present → kept, out of range → both refuse)", () => {
      for (const p of [pod(), pod({}), at(150), at(0), pod({ runAsUser: 1 })]) {
        const out = expectSameDecision(emitter, mustRunAs, p, podValue);
        if (podValue(p) === undefined)
          expect(podValue(out.gatekeeper.mutatedPod as unknown as Pod)).toEqual(c.value(10));
      }
    });

    it("MustRunAs on UPDATE: PSP refuses a pod without the field; Gatekeeper's write is refused by the API server", () => {
      const out = runBoth(emitter, mustRunAs, pod(), "update");
      expect(out.engine.allowed).toBe(false);
      expect(out.mutatedOnUpdate).toBe(true);
      expect(out.gatekeeperAllowed).toBe(false);
    });
  });

  describe(`${c.concern} differential (engine vs Gatekeeper simulator)`, () => {
    itSharedCases(emitter, field, 3, () => podValue);

    for (const [name, psp] of [
      ["MustRunAs", mustRunAs],
      ["MayRunAs", mayRunAs],
      ["MustRunAs from 0", pspWith({ [field]: { rule: "MustRunAs", ranges: [{ min: 0, max: 5 }] } })],
    ] as const) {
      it(`generated pods, ${name}, create and update`, () => {
        const built = artefacts(emitter, psp);
        const ids = idsAround((psp.spec[field] as { ranges?: { min: number; max: number }[] }).ranges ?? []);
        fc.assert(
          fc.property(
            podArb({ [field]: c.arbitrary(ids), runAsGroup: ids }, { runAsGroup: ids }),
            fc.constantFrom("create" as const, "update" as const),
            (p, op) => {
              expectSameDecision(emitter, psp, p, podValue, op, undefined, built);
            },
          ),
          { numRuns: 300 },
        );
      });
    }
  });
}
