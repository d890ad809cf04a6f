import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/fs-group/gatekeeper/index.js";
import type { Pod } from "../../../src/model/k8s-types.js";
import { idsAround, podArb } from "../shared/gatekeeper-gen.js";
import {
  artefacts,
  expectSameDecision,
  expectTemplateMirrors,
  itSharedCases,
  pspWith,
  runBoth,
  templateMessages,
} from "../shared/gatekeeper-identity.js";

const RANGES = [
  { min: 10, max: 10 },
  { min: 100, max: 200 },
];
const mustRunAs = pspWith({ fsGroup: { rule: "MustRunAs", ranges: RANGES } });
const mayRunAs = pspWith({ fsGroup: { rule: "MayRunAs", ranges: RANGES } });
const RANGES_TEXT = "[{10 10} {100 200}]";

/** The pod-level value, the only one this concern reads and writes. */
function podValue(pod: Pod) {
  return pod.spec.securityContext?.fsGroup;
}

function pod(securityContext?: Record<string, unknown>): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns" },
    spec: { containers: [{ name: "c", image: "busybox" }], ...(securityContext ? { securityContext } : {}) },
  } as unknown as Pod;
}

describe("fs-group Gatekeeper template", () => {
  it("lints, mirrors the Rego and has a structural parameters schema", () => {
    expectTemplateMirrors(emitter);
  });

  it("parameters: null for RunAsAny, {rule, ranges} (gatekeeper-library's fsGroup) otherwise", () => {
    expect(emitter.parameters(pspWith({}))).toBeNull();
    expect(emitter.parameters(mustRunAs)).toEqual({ fsGroup: { rule: "MustRunAs", ranges: RANGES } });
    expect(emitter.parameters(mayRunAs)).toEqual({ fsGroup: { rule: "MayRunAs", ranges: RANGES } });
  });

  it("MustRunAs: required and in a range, ends inclusive", () => {
    for (const gid of [10, 100, 200])
      expect(templateMessages(emitter, mustRunAs, pod({ fsGroup: gid })), `gid ${gid}`).toEqual([]);
    for (const gid of [0, 9, 11, 99, 201]) {
      expect(templateMessages(emitter, mustRunAs, pod({ fsGroup: gid }))).toEqual([
        `spec.securityContext.fsGroup: Invalid value: [${gid}]: group ${gid} must be in the ranges: ${RANGES_TEXT}`,
      ]);
    }
    for (const p of [pod(), pod({})]) {
      expect(templateMessages(emitter, mustRunAs, p)).toEqual([
        "spec.securityContext.fsGroup: Invalid value: []: unable to validate empty groups against required ranges",
      ]);
    }
  });

  it("MayRunAs: unset is fine, set must be in a range", () => {
    expect(templateMessages(emitter, mayRunAs, pod())).toEqual([]);
    expect(templateMessages(emitter, mayRunAs, pod({ fsGroup: 150 }))).toEqual([]);
    expect(templateMessages(emitter, mayRunAs, pod({ fsGroup: 0 }))).toHaveLength(1);
  });

  it("denies every pod for an unknown rule (fail closed)", () => {
    const psp = pspWith({ fsGroup: { rule: "MustRunAs", ranges: RANGES } });
    (psp.spec.fsGroup as { rule: string }).rule = "Bogus";
    expect(runBoth(emitter, psp, pod({ fsGroup: 10 })).gatekeeper.allowed).toBe(false);
  });
});

describe("fs-group Gatekeeper mutators", () => {
  it("MustRunAs: one pod-level Assign of ranges[0].min, only when missing; nothing for MayRunAs", () => {
    const { mutators, findings } = emitter.mutators(mustRunAs, { match: {}, namePrefix: "p" });
    expect(mutators).toHaveLength(1);
    expect(mutators[0]?.spec).toMatchObject({
      applyTo: [{ groups: [""], kinds: ["Pod"], versions: ["v1"] }],
      location: "spec.securityContext.fsGroup",
      parameters: {
        pathTests: [{ subPath: "spec.securityContext.fsGroup", condition: "MustNotExist" }],
        assign: { value: 10 },
      },
    });
    expect(findings.map((f) => [f.code, f.level])).toEqual([["mutation-not-on-update", "info"]]);
    expect(emitter.mutators(mayRunAs, { match: {}, namePrefix: "p" })).toEqual({ mutators: [], findings: [] });
  });

  it("MustRunAs: same pod value as PSP (missing → default, present → kept, out of range → both refuse)", () => {
    for (const p of [pod(), pod({}), pod({ fsGroup: 150 }), pod({ fsGroup: 0 }), pod({ runAsUser: 1 })]) {
      const out = expectSameDecision(emitter, mustRunAs, p, podValue);
      if (podValue(p) === undefined) expect(podValue(out.gatekeeper.mutatedPod as unknown as Pod)).toEqual(10);
    }
  });

  it("MustRunAs on UPDATE: PSP refuses a pod without the field; Gatekeeper's write is refused by the API server", () => {
    const out = runBoth(emitter, mustRunAs, pod(), "update");
    expect(out.engine.allowed).toBe(false);
    expect(out.mutatedOnUpdate).toBe(true);
    expect(out.gatekeeperAllowed).toBe(false);
  });
});

describe("fs-group differential (engine vs Gatekeeper simulator)", () => {
  itSharedCases(emitter, "fsGroup", 3, () => podValue);

  for (const [name, psp] of [
    ["MustRunAs", mustRunAs],
    ["MayRunAs", mayRunAs],
    ["MustRunAs from 0", pspWith({ fsGroup: { rule: "MustRunAs", ranges: [{ min: 0, max: 5 }] } })],
  ] as const) {
    it(`generated pods, ${name}, create and update`, () => {
      const built = artefacts(emitter, psp);
      const ids = idsAround(psp.spec.fsGroup?.ranges ?? []);
      fc.assert(
        fc.property(
          podArb({ fsGroup: ids, runAsGroup: ids }, { runAsGroup: ids }),
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
