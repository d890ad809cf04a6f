import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/run-as-user/index.js";
import { defaultThenValidate, makePod, makePsp, validateOnly } from "../shared/one-psp.js";

const only = [concern];
const mustRunAs = makePsp({
  runAsUser: {
    rule: "MustRunAs",
    ranges: [
      { min: 0, max: 0 },
      { min: 100, max: 200 },
    ],
  },
});
const nonRoot = makePsp({ runAsUser: { rule: "MustRunAsNonRoot" } });

describe("runAsUser MustRunAs", () => {
  it("defaults the first range's min on every container kind, creating only what it writes", () => {
    const pod = makePod({
      initContainers: [{ name: "i" }],
      containers: [{ name: "c", securityContext: { privileged: false } }],
      ephemeralContainers: [{ name: "e" }],
    });
    const out = defaultThenValidate(pod, mustRunAs, only);
    expect(out.errors).toEqual([]);
    expect(out.pod.spec.initContainers?.[0]?.securityContext).toEqual({ runAsUser: 0 });
    expect(out.pod.spec.containers[0]?.securityContext).toEqual({ privileged: false, runAsUser: 0 });
    expect(out.pod.spec.ephemeralContainers?.[0]?.securityContext).toEqual({ runAsUser: 0 });
    expect(out.pod.spec.securityContext).toBeUndefined();
  });

  it("writes nothing when a pod-level value is inherited, and validates the inherited value", () => {
    const out = defaultThenValidate(makePod({ securityContext: { runAsUser: 150 } }), mustRunAs, only);
    expect(out.mutated).toBe(false);
    expect(out.errors).toEqual([]);
    const bad = defaultThenValidate(makePod({ securityContext: { runAsUser: 99 } }), mustRunAs, only);
    expect(bad.mutated).toBe(false);
    expect(bad.messages).toEqual([
      "spec.containers[0].securityContext.runAsUser: Invalid value: 99: must be in the ranges: [{0 0} {100 200}]",
    ]);
  });

  it("checks range ends inclusively and allows 0 when a range holds it", () => {
    for (const uid of [0, 100, 200]) {
      expect(
        validateOnly(makePod({ containers: [{ name: "c", securityContext: { runAsUser: uid } }] }), mustRunAs, only),
      ).toEqual([]);
    }
    for (const uid of [1, 99, 201]) {
      expect(
        validateOnly(makePod({ containers: [{ name: "c", securityContext: { runAsUser: uid } }] }), mustRunAs, only),
      ).toHaveLength(1);
    }
  });

  it("requires a UID when validating without defaulting", () => {
    expect(validateOnly(makePod(), mustRunAs, only)).toEqual([
      "spec.containers[0].securityContext.runAsUser: Required value",
    ]);
  });

  it("is inert without ranges or with an unknown rule, and mutating with ranges", () => {
    expect(concern.inertReason?.(makePsp({ runAsUser: { rule: "MustRunAs" } }))).toBe(
      "runAsUser: MustRunAs requires at least one range",
    );
    expect(concern.inertReason?.(makePsp({ runAsUser: { rule: "Whatever" as "RunAsAny" } }))).toContain(
      "Unrecognized RunAsUser strategy type Whatever",
    );
    expect(concern.inertReason?.(mustRunAs)).toBeUndefined();
    expect(concern.mayMutate?.(mustRunAs)).toBe(true);
    expect(concern.mayMutate?.(makePsp())).toBe(false);
  });
});

describe("runAsUser MustRunAsNonRoot", () => {
  it("marks runAsNonRoot only when neither runAsNonRoot nor runAsUser is set (effective values)", () => {
    const out = defaultThenValidate(
      makePod({
        containers: [
          { name: "a" },
          { name: "b", securityContext: { runAsUser: 5 } },
          { name: "c", securityContext: { runAsNonRoot: false } },
        ],
      }),
      nonRoot,
      only,
    );
    expect(out.pod.spec.containers.map((c) => c.securityContext)).toEqual([
      { runAsNonRoot: true },
      { runAsUser: 5 },
      { runAsNonRoot: false },
    ]);
    expect(out.messages).toEqual([
      "spec.containers[2].securityContext.runAsNonRoot: Invalid value: false: must be true",
    ]);
    const inherited = defaultThenValidate(makePod({ securityContext: { runAsUser: 7 } }), nonRoot, only);
    expect(inherited.mutated).toBe(false);
    expect(inherited.errors).toEqual([]);
  });

  it("rejects an explicit runAsNonRoot false even with a non-zero UID", () => {
    const pod = makePod({ containers: [{ name: "c", securityContext: { runAsNonRoot: false, runAsUser: 1000 } }] });
    expect(validateOnly(pod, nonRoot, only)).toEqual([
      "spec.containers[0].securityContext.runAsNonRoot: Invalid value: false: must be true",
    ]);
  });

  it("rejects UID 0 (inherited from the pod too) and requires runAsNonRoot when both are unset", () => {
    expect(validateOnly(makePod({ securityContext: { runAsUser: 0 } }), nonRoot, only)).toEqual([
      "spec.containers[0].securityContext.runAsUser: Invalid value: 0: running with the root UID is forbidden",
    ]);
    expect(validateOnly(makePod(), nonRoot, only)).toEqual([
      "spec.containers[0].securityContext.runAsNonRoot: Required value: must be true",
    ]);
  });

  it("admits runAsNonRoot true without a UID (the kubelet checks the image)", () => {
    const pod = makePod({ containers: [{ name: "c", securityContext: { runAsNonRoot: true } }] });
    expect(validateOnly(pod, nonRoot, only)).toEqual([]);
  });

  it("ignores a pod-level root UID that every container overrides", () => {
    const pod = makePod({
      securityContext: { runAsUser: 0 },
      containers: [{ name: "c", securityContext: { runAsUser: 10 } }],
    });
    expect(defaultThenValidate(pod, nonRoot, only).errors).toEqual([]);
  });
});

describe("runAsUser RunAsAny", () => {
  it("neither defaults nor validates", () => {
    const out = defaultThenValidate(
      makePod({ securityContext: { runAsUser: 0, runAsNonRoot: false } }),
      makePsp(),
      only,
    );
    expect(out.mutated).toBe(false);
    expect(out.errors).toEqual([]);
  });
});
