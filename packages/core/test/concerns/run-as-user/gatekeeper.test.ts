import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/run-as-user/gatekeeper/index.js";
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
  { min: 0, max: 0 },
  { min: 100, max: 200 },
];
const mustRunAs = pspWith({ runAsUser: { rule: "MustRunAs", ranges: RANGES } });
const nonRoot = pspWith({ runAsUser: { rule: "MustRunAsNonRoot" } });
const runAsAny = pspWith({ runAsUser: { rule: "RunAsAny" } });

/** Effective (runAsUser, runAsNonRoot) per container, in the provider's order. */
function effectiveUsers(pod: Pod) {
  return containersOf(pod).map((r) => [
    effective(pod, r.container, "runAsUser"),
    effective(pod, r.container, "runAsNonRoot"),
  ]);
}

/**
 * The same, with the documented MustRunAsNonRoot difference folded in (`mutation-wider-than-psp`):
 * an unset runAsNonRoot next to a non-zero UID reads as true.
 */
function effectiveUsersNonRoot(pod: Pod) {
  return effectiveUsers(pod).map(([uid, nonRootValue]) => [
    uid,
    nonRootValue === undefined && uid !== undefined && uid !== 0 ? true : nonRootValue,
  ]);
}

function pod(spec: Record<string, unknown>): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns" },
    spec: { containers: [{ name: "c", image: "busybox" }], ...spec },
  } as unknown as Pod;
}

describe("run-as-user Gatekeeper template", () => {
  it("lints, mirrors the Rego and has a structural parameters schema", () => {
    expectTemplateMirrors(emitter);
  });

  it("parameters: null for RunAsAny, {rule, ranges} (gatekeeper-library's runAsUser) otherwise", () => {
    expect(emitter.parameters(runAsAny)).toBeNull();
    expect(emitter.parameters(mustRunAs)).toEqual({ runAsUser: { rule: "MustRunAs", ranges: RANGES } });
    expect(emitter.parameters(nonRoot)).toEqual({ runAsUser: { rule: "MustRunAsNonRoot", ranges: [] } });
  });

  it("MustRunAs: range ends inclusive, 0 allowed when a range holds it, messages name container and field", () => {
    const withUid = (uid: number) => pod({ containers: [{ name: "c", securityContext: { runAsUser: uid } }] });
    for (const uid of [0, 100, 200])
      expect(templateMessages(emitter, mustRunAs, withUid(uid)), `uid ${uid}`).toEqual([]);
    for (const uid of [1, 99, 201]) {
      expect(templateMessages(emitter, mustRunAs, withUid(uid))).toEqual([
        `spec.containers[name: c].securityContext.runAsUser: Invalid value: ${uid}: must be in the ranges: [{0 0} {100 200}]`,
      ]);
    }
    // The pod value is only checked through inheritance: here by "c", not by "i" (which overrides it).
    expect(
      templateMessages(
        emitter,
        mustRunAs,
        pod({
          securityContext: { runAsUser: 5 },
          initContainers: [{ name: "i", securityContext: { runAsUser: 150 } }],
        }),
      ),
    ).toEqual([
      "spec.containers[name: c].securityContext.runAsUser: Invalid value: 5: must be in the ranges: [{0 0} {100 200}]",
    ]);
  });

  it("MustRunAs without any UID on UPDATE: PSP refuses; Gatekeeper's write is refused by the API server", () => {
    const out = runBoth(emitter, mustRunAs, pod({}), "update");
    expect(out.engine.allowed).toBe(false);
    expect(out.mutatedOnUpdate).toBe(true);
    expect(out.gatekeeperAllowed).toBe(false);
  });

  it("UPDATE of a pod PSP itself defaulted (container-level UIDs only): PSP admits, Gatekeeper's pod-level write is refused (warning Finding)", () => {
    const created = runBoth(emitter, mustRunAs, pod({ initContainers: [{ name: "i" }] }));
    const stored = created.engine.pod;
    expect(stored.spec.securityContext?.runAsUser).toBeUndefined();
    const out = runBoth(emitter, mustRunAs, stored, "update");
    expect(out.engine.allowed).toBe(true);
    expect(out.mutatedOnUpdate).toBe(true);
    expect(artefacts(emitter, mustRunAs).findings).toContainEqual(
      expect.objectContaining({ code: "mutation-not-on-update", level: "warning" }),
    );
  });

  it("MustRunAs, template alone: a container without an effective UID is Required", () => {
    expect(
      templateMessages(
        emitter,
        mustRunAs,
        pod({ initContainers: [{ name: "i", securityContext: { runAsUser: 100 } }] }),
      ),
    ).toEqual(["spec.containers[name: c].securityContext.runAsUser: Required value"]);
  });

  it("MustRunAsNonRoot, template alone: Required value when neither field is set; runAsNonRoot: true alone passes", () => {
    expect(templateMessages(emitter, nonRoot, pod({}))).toEqual([
      "spec.containers[name: c].securityContext.runAsNonRoot: Required value: must be true",
    ]);
    expect(templateMessages(emitter, nonRoot, pod({ securityContext: { runAsNonRoot: true, runAsUser: 0 } }))).toEqual([
      "spec.containers[name: c].securityContext.runAsUser: Invalid value: 0: running with the root UID is forbidden",
    ]);
  });

  it("MustRunAsNonRoot: each rule, in Kubernetes' order", () => {
    const { simulator } = artefacts(emitter, nonRoot);
    const messages = (spec: Record<string, unknown>) =>
      simulator
        .reviewPod(pod(spec), { operation: "CREATE", userInfo: { username: "u" } })
        .violations.flatMap((v) => v.messages);
    expect(messages({ containers: [{ name: "c", securityContext: { runAsNonRoot: false, runAsUser: 5 } }] })).toEqual([
      "spec.containers[name: c].securityContext.runAsNonRoot: Invalid value: false: must be true",
    ]);
    expect(messages({ ephemeralContainers: [{ name: "e", securityContext: { runAsUser: 0 } }] })).toEqual([
      "spec.ephemeralContainers[name: e].securityContext.runAsUser: Invalid value: 0: running with the root UID is forbidden",
    ]);
    expect(messages({ containers: [{ name: "c", securityContext: { runAsUser: 1 } }] })).toEqual([]);
    expect(messages({ securityContext: { runAsNonRoot: true } })).toEqual([]);
  });

  it("MustRunAsNonRoot on UPDATE without mutation: Required value when neither field is set", () => {
    const built = artefacts(emitter, nonRoot);
    const updated = pod({ securityContext: { runAsNonRoot: false } });
    // The stored pod differs in a label: not a GC-only update (those are skipped, as PSP skips them).
    const stored = structuredClone(updated) as { metadata: Record<string, unknown> };
    stored.metadata = { ...stored.metadata, labels: { generation: "old" } };
    const r = built.simulator.reviewPod(updated, {
      operation: "UPDATE",
      userInfo: { username: "u" },
      oldPod: stored,
    });
    expect(r.mutations).toEqual([]);
    expect(r.violations.flatMap((v) => v.messages)).toEqual([
      "spec.containers[name: c].securityContext.runAsNonRoot: Invalid value: false: must be true",
    ]);
  });

  it("denies every pod for an unknown rule (fail closed)", () => {
    const psp = pspWith({ runAsUser: { rule: "MustRunAs", ranges: RANGES } });
    (psp.spec.runAsUser as { rule: string }).rule = "Bogus";
    const out = runBoth(emitter, psp, pod({}));
    expect(out.gatekeeper.allowed).toBe(false);
    expect(out.gatekeeper.violations[0]?.messages[0]).toContain('unsupported rule "Bogus"');
  });
});

describe("run-as-user Gatekeeper mutators", () => {
  it("MustRunAs: one pod-level Assign of ranges[0].min, only when missing", () => {
    const { mutators, findings } = emitter.mutators(mustRunAs, { match: { kinds: [] }, namePrefix: "p" });
    expect(mutators).toEqual([
      {
        apiVersion: "mutations.gatekeeper.sh/v1",
        kind: "Assign",
        metadata: { name: "p-run-as-user-runasuser" },
        spec: {
          applyTo: [{ groups: [""], kinds: ["Pod"], versions: ["v1"] }],
          match: { kinds: [] },
          location: "spec.securityContext.runAsUser",
          parameters: {
            pathTests: [{ subPath: "spec.securityContext.runAsUser", condition: "MustNotExist" }],
            assign: { value: 0 },
          },
        },
      },
    ]);
    expect(findings.map((f) => [f.code, f.level])).toEqual([["mutation-not-on-update", "warning"]]);
  });

  it("MustRunAs: same effective UIDs as PSP's per-container defaulting (allowed, pod-level inherited, edge)", () => {
    for (const spec of [
      {},
      { securityContext: { runAsUser: 150 } },
      { securityContext: { runAsUser: 99 } },
      { initContainers: [{ name: "i" }], ephemeralContainers: [{ name: "e", securityContext: { runAsUser: 200 } }] },
      { containers: [{ name: "c", securityContext: { runAsUser: 201 } }, { name: "d" }] },
    ]) {
      expectSameDecision(emitter, mustRunAs, pod(spec), effectiveUsers);
    }
  });

  it("MustRunAsNonRoot: pod-level runAsNonRoot: true; PSP's marker on effective values, folded difference", () => {
    const { mutators, findings } = emitter.mutators(nonRoot, { match: {}, namePrefix: "p" });
    expect(mutators.map((m) => (m.spec as { location: string }).location)).toEqual([
      "spec.securityContext.runAsNonRoot",
    ]);
    expect(findings.map((f) => f.code).sort()).toEqual(["mutation-not-on-update", "mutation-wider-than-psp"]);
    for (const spec of [
      {},
      { securityContext: { runAsNonRoot: false } },
      { containers: [{ name: "c", securityContext: { runAsUser: 0 } }] },
      { containers: [{ name: "c", securityContext: { runAsUser: 7 } }, { name: "d" }] },
    ]) {
      expectSameDecision(emitter, nonRoot, pod(spec), effectiveUsersNonRoot);
    }
  });

  it("RunAsAny: no mutators, no constraint", () => {
    expect(emitter.mutators(runAsAny, { match: {}, namePrefix: "p" })).toEqual({ mutators: [], findings: [] });
  });
});

describe("run-as-user differential (engine vs Gatekeeper simulator)", () => {
  itSharedCases(emitter, "runAsUser", 4, (psp) =>
    psp.spec.runAsUser?.rule === "MustRunAsNonRoot" ? effectiveUsersNonRoot : effectiveUsers,
  );

  for (const [name, psp, compare] of [
    ["MustRunAs", mustRunAs, effectiveUsers],
    [
      "MustRunAs (one range)",
      pspWith({ runAsUser: { rule: "MustRunAs", ranges: [{ min: 1000, max: 1000 }] } }),
      effectiveUsers,
    ],
    ["MustRunAsNonRoot", nonRoot, effectiveUsersNonRoot],
  ] as const) {
    it(`generated pods, ${name}, create and update`, () => {
      const built = artefacts(emitter, psp);
      const ids = idsAround(psp.spec.runAsUser?.ranges ?? [{ min: 1, max: 1 }]);
      const fields = { runAsUser: ids, runAsNonRoot: fc.boolean() };
      fc.assert(
        fc.property(
          podArb(fields, fields),
          fc.constantFrom("create", "update") as fc.Arbitrary<"create" | "update">,
          (p, op) => {
            expectSameDecision(emitter, psp, p, compare, op, undefined, built);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
