import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/run-as-group/gatekeeper/index.js";
import type { Pod } from "../../../src/model/k8s-types.js";
import { containersOf, effective } from "../../../src/psp/security-context.js";
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
const mustRunAs = pspWith({ runAsGroup: { rule: "MustRunAs", ranges: RANGES } });
const mayRunAs = pspWith({ runAsGroup: { rule: "MayRunAs", ranges: RANGES } });

/** Effective runAsGroup per container, in the provider's order. */
function effectiveGroups(pod: Pod) {
  return containersOf(pod).map((r) => effective(pod, r.container, "runAsGroup"));
}

function pod(spec: Record<string, unknown>): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns" },
    spec: { containers: [{ name: "c", image: "busybox" }], ...spec },
  } as unknown as Pod;
}

describe("run-as-group Gatekeeper template", () => {
  it("lints, mirrors the Rego and has a structural parameters schema", () => {
    expectTemplateMirrors(emitter);
  });

  it("parameters: null when omitted or RunAsAny, {rule, ranges} (gatekeeper-library's runAsGroup) otherwise", () => {
    expect(emitter.parameters(pspWith({}))).toBeNull();
    expect(emitter.parameters(pspWith({ runAsGroup: { rule: "RunAsAny" } }))).toBeNull();
    expect(emitter.parameters(mustRunAs)).toEqual({ runAsGroup: { rule: "MustRunAs", ranges: RANGES } });
    expect(emitter.parameters(mayRunAs)).toEqual({ runAsGroup: { rule: "MayRunAs", ranges: RANGES } });
  });

  it("MustRunAs: required and in a range (ends inclusive), on effective values", () => {
    const c = (gid?: number) =>
      pod({ containers: [{ name: "c", securityContext: gid === undefined ? {} : { runAsGroup: gid } }] });
    for (const gid of [10, 100, 200]) expect(templateMessages(emitter, mustRunAs, c(gid)), `gid ${gid}`).toEqual([]);
    for (const gid of [0, 9, 11, 99, 201]) {
      expect(templateMessages(emitter, mustRunAs, c(gid))).toEqual([
        `spec.containers[name: c].securityContext: Invalid value: [${gid}]: group ${gid} must be in the ranges: [{10 10} {100 200}]`,
      ]);
    }
    expect(templateMessages(emitter, mustRunAs, c())).toEqual([
      "spec.containers[name: c].securityContext: Invalid value: []: unable to validate empty groups against required ranges",
    ]);
    // Pod level is only checked through inheritance.
    expect(
      templateMessages(
        emitter,
        mustRunAs,
        pod({ securityContext: { runAsGroup: 5 }, containers: [{ name: "c", securityContext: { runAsGroup: 150 } }] }),
      ),
    ).toEqual([]);
    expect(
      templateMessages(
        emitter,
        mustRunAs,
        pod({ securityContext: { runAsGroup: 5 }, initContainers: [{ name: "i" }] }),
      ),
    ).toHaveLength(1);
  });

  it("MayRunAs: unset is fine, set must be in a range", () => {
    expect(templateMessages(emitter, mayRunAs, pod({}))).toEqual([]);
    expect(
      templateMessages(
        emitter,
        mayRunAs,
        pod({ ephemeralContainers: [{ name: "e", securityContext: { runAsGroup: 201 } }] }),
      ),
    ).toEqual([
      "spec.ephemeralContainers[name: e].securityContext: Invalid value: [201]: group 201 must be in the ranges: [{10 10} {100 200}]",
    ]);
  });

  it("denies every pod for an unknown rule (fail closed)", () => {
    const psp = pspWith({ runAsGroup: { rule: "MustRunAs", ranges: RANGES } });
    (psp.spec.runAsGroup as { rule: string }).rule = "Bogus";
    expect(runBoth(emitter, psp, pod({})).gatekeeper.allowed).toBe(false);
  });
});

describe("run-as-group Gatekeeper mutators", () => {
  it("MustRunAs: one pod-level Assign of ranges[0].min, only when missing; nothing for MayRunAs", () => {
    const { mutators, findings } = emitter.mutators(mustRunAs, { match: {}, namePrefix: "p" });
    expect(mutators).toHaveLength(1);
    expect(mutators[0]?.spec).toMatchObject({
      location: "spec.securityContext.runAsGroup",
      parameters: {
        pathTests: [{ subPath: "spec.securityContext.runAsGroup", condition: "MustNotExist" }],
        assign: { value: 10 },
      },
    });
    expect(findings.map((f) => [f.code, f.level])).toEqual([["mutation-not-on-update", "warning"]]);
    expect(emitter.mutators(mayRunAs, { match: {}, namePrefix: "p" })).toEqual({ mutators: [], findings: [] });
  });

  it("MustRunAs: same effective groups as PSP's per-container defaulting", () => {
    for (const spec of [
      {},
      { securityContext: { runAsGroup: 150 } },
      { securityContext: { runAsGroup: 9 } },
      { initContainers: [{ name: "i" }], ephemeralContainers: [{ name: "e", securityContext: { runAsGroup: 200 } }] },
      { containers: [{ name: "c", securityContext: { runAsGroup: 201 } }, { name: "d" }] },
    ]) {
      expectSameDecision(emitter, mustRunAs, pod(spec), effectiveGroups);
    }
  });

  it("a pod-level runAsGroup changes nothing else PSP checks (runAsUser, fsGroup, supplementalGroups stay as they were)", () => {
    const out = runBoth(emitter, mustRunAs, pod({ securityContext: { runAsUser: 5 } }));
    expect(out.gatekeeper.mutatedPod.spec).toMatchObject({ securityContext: { runAsUser: 5, runAsGroup: 10 } });
    expect(Object.keys((out.gatekeeper.mutatedPod.spec as { securityContext: object }).securityContext).sort()).toEqual(
      ["runAsGroup", "runAsUser"],
    );
  });
});

describe("run-as-group differential (engine vs Gatekeeper simulator)", () => {
  itSharedCases(emitter, "runAsGroup", 2, () => effectiveGroups);

  for (const [name, psp] of [
    ["MustRunAs", mustRunAs],
    ["MayRunAs", mayRunAs],
    ["MustRunAs from 0", pspWith({ runAsGroup: { rule: "MustRunAs", ranges: [{ min: 0, max: 5 }] } })],
  ] as const) {
    it(`generated pods, ${name}, create and update`, () => {
      const built = artefacts(emitter, psp);
      const fields = { runAsGroup: idsAround(psp.spec.runAsGroup?.ranges ?? []), runAsUser: fc.constantFrom(0, 1) };
      fc.assert(
        fc.property(podArb(fields, fields), fc.constantFrom("create" as const, "update" as const), (p, op) => {
          expectSameDecision(emitter, psp, p, effectiveGroups, op, undefined, built);
        }),
        { numRuns: 300 },
      );
    });
  }
});
