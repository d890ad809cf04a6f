import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/fs-group/index.js";
import { defaultThenValidate, makePod, makePsp, validateOnly, validateOnlyErrors } from "../shared/one-psp.js";

const only = [concern];
const ranges = [
  { min: 10, max: 20 },
  { min: 30, max: 30 },
];
const mustRunAs = makePsp({ fsGroup: { rule: "MustRunAs", ranges } });
const mayRunAs = makePsp({ fsGroup: { rule: "MayRunAs", ranges } });

describe("fsGroup", () => {
  it("MustRunAs defaults the pod fsGroup, creating the pod securityContext when missing", () => {
    const out = defaultThenValidate(makePod(), mustRunAs, only);
    expect(out.pod.spec.securityContext).toEqual({ fsGroup: 10 });
    expect(out.pod.spec.containers[0]?.securityContext).toBeUndefined();
    expect(out.errors).toEqual([]);
  });

  it("MustRunAs keeps a set value (0 included) and validates it against every range inclusively", () => {
    expect(defaultThenValidate(makePod({ securityContext: { fsGroup: 30 } }), mustRunAs, only).mutated).toBe(false);
    const zero = defaultThenValidate(makePod({ securityContext: { fsGroup: 0 } }), mustRunAs, only);
    expect(zero.mutated).toBe(false);
    expect(zero.errors).toEqual([
      {
        type: "Invalid",
        path: "spec.securityContext.fsGroup",
        value: [0],
        detail: "group 0 must be in the ranges: [{10 20} {30 30}]",
      },
    ]);
  });

  it("MustRunAs without defaulting: a missing fsGroup is refused", () => {
    expect(validateOnlyErrors(makePod(), mustRunAs, only)).toEqual([
      {
        type: "Invalid",
        path: "spec.securityContext.fsGroup",
        value: [],
        detail: "unable to validate empty groups against required ranges",
      },
    ]);
  });

  it("MayRunAs never defaults and checks only a set value", () => {
    const out = defaultThenValidate(makePod(), mayRunAs, only);
    expect(out.mutated).toBe(false);
    expect(out.errors).toEqual([]);
    expect(validateOnly(makePod({ securityContext: { fsGroup: 21 } }), mayRunAs, only)).toHaveLength(1);
  });

  it("is inert without ranges; only MustRunAs may mutate", () => {
    expect(concern.inertReason?.(makePsp({ fsGroup: { rule: "MayRunAs" } }))).toBe(
      "fsGroup: ranges must be supplied for MayRunAs",
    );
    expect(concern.inertReason?.(makePsp({ fsGroup: { rule: "" as "RunAsAny" } }))).toBe(
      "fsGroup: Unrecognized FSGroup strategy type ",
    );
    expect(concern.mayMutate?.(mustRunAs)).toBe(true);
    expect(concern.mayMutate?.(mayRunAs)).toBe(false);
  });
});
