import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/run-as-group/index.js";
import { defaultThenValidate, makePod, makePsp, validateOnly, validateOnlyErrors } from "../shared/one-psp.js";

const only = [concern];
const mustRunAs = makePsp({ runAsGroup: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] } });
const mayRunAs = makePsp({ runAsGroup: { rule: "MayRunAs", ranges: [{ min: 100, max: 200 }] } });

describe("runAsGroup", () => {
  it("MustRunAs defaults the container (never the pod) to the first range's min", () => {
    const out = defaultThenValidate(makePod({ initContainers: [{ name: "i" }] }), mustRunAs, only);
    expect(out.errors).toEqual([]);
    expect(out.pod.spec.securityContext).toBeUndefined();
    expect(out.pod.spec.initContainers?.[0]?.securityContext).toEqual({ runAsGroup: 100 });
    expect(out.pod.spec.containers[0]?.securityContext).toEqual({ runAsGroup: 100 });
  });

  it("MustRunAs: a pod-level value suppresses the default and is validated through inheritance", () => {
    const out = defaultThenValidate(makePod({ securityContext: { runAsGroup: 5 } }), mustRunAs, only);
    expect(out.mutated).toBe(false);
    // Kubernetes reports runAsGroup errors at the securityContext path with the group list as value.
    expect(out.errors).toEqual([
      {
        type: "Invalid",
        path: "spec.containers[0].securityContext",
        value: [5],
        detail: "group 5 must be in the ranges: [{100 200}]",
      },
    ]);
  });

  it("MustRunAs without defaulting: an unset group cannot be validated", () => {
    expect(validateOnlyErrors(makePod(), mustRunAs, only)).toEqual([
      {
        type: "Invalid",
        path: "spec.containers[0].securityContext",
        value: [],
        detail: "unable to validate empty groups against required ranges",
      },
    ]);
  });

  it("MayRunAs writes nothing, accepts unset, checks a set value", () => {
    const out = defaultThenValidate(makePod(), mayRunAs, only);
    expect(out.mutated).toBe(false);
    expect(out.errors).toEqual([]);
    expect(
      validateOnly(makePod({ containers: [{ name: "c", securityContext: { runAsGroup: 200 } }] }), mayRunAs, only),
    ).toEqual([]);
    expect(
      validateOnly(makePod({ containers: [{ name: "c", securityContext: { runAsGroup: 0 } }] }), mayRunAs, only),
    ).toHaveLength(1);
  });

  it("omitted or RunAsAny constrains nothing", () => {
    const pod = makePod({ containers: [{ name: "c", securityContext: { runAsGroup: 0 } }] });
    expect(defaultThenValidate(pod, makePsp(), only).errors).toEqual([]);
    expect(defaultThenValidate(pod, makePsp({ runAsGroup: { rule: "RunAsAny" } }), only).errors).toEqual([]);
  });

  it("is inert for MustRunAs or MayRunAs without ranges and for an unknown rule", () => {
    expect(concern.inertReason?.(makePsp({ runAsGroup: { rule: "MustRunAs" } }))).toBe(
      "runAsGroup: ranges must be supplied for MustRunAs",
    );
    expect(concern.inertReason?.(makePsp({ runAsGroup: { rule: "MayRunAs", ranges: [] } }))).toBe(
      "runAsGroup: ranges must be supplied for MayRunAs",
    );
    expect(concern.inertReason?.(makePsp({ runAsGroup: { rule: "Nope" as "RunAsAny" } }))).toBe(
      "runAsGroup: Unrecognized RunAsGroup strategy type Nope",
    );
    expect(concern.inertReason?.(makePsp())).toBeUndefined();
    expect(concern.mayMutate?.(mustRunAs)).toBe(true);
    expect(concern.mayMutate?.(mayRunAs)).toBe(false);
  });
});
