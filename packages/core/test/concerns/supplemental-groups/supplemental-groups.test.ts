import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/supplemental-groups/index.js";
import { defaultThenValidate, makePod, makePsp, validateOnly, validateOnlyErrors } from "../shared/one-psp.js";

const only = [concern];
const ranges = [
  { min: 50, max: 50 },
  { min: 55, max: 998 },
];
const mustRunAs = makePsp({ supplementalGroups: { rule: "MustRunAs", ranges } });
const mayRunAs = makePsp({ supplementalGroups: { rule: "MayRunAs", ranges } });

describe("supplementalGroups", () => {
  it("MustRunAs defaults a nil list to [ranges[0].min]", () => {
    const out = defaultThenValidate(makePod({ securityContext: { runAsUser: 1 } }), mustRunAs, only);
    expect(out.pod.spec.securityContext).toEqual({ runAsUser: 1, supplementalGroups: [50] });
    expect(out.errors).toEqual([]);
  });

  it("MustRunAs: an explicit empty list is not nil, so nothing is written and validation fails", () => {
    const out = defaultThenValidate(makePod({ securityContext: { supplementalGroups: [] } }), mustRunAs, only);
    expect(out.pod.spec.securityContext?.supplementalGroups).toEqual([]);
    expect(out.errors).toEqual([
      {
        type: "Invalid",
        path: "spec.securityContext.supplementalGroups",
        value: [],
        detail: "unable to validate empty groups against required ranges",
      },
    ]);
  });

  it("reports one error per group outside the ranges, each with the whole list", () => {
    const pod = makePod({ securityContext: { supplementalGroups: [50, 51, 999, 60] } });
    const path = "spec.securityContext.supplementalGroups";
    const value = [50, 51, 999, 60];
    expect(validateOnlyErrors(pod, mustRunAs, only)).toEqual([
      { type: "Invalid", path, value, detail: "group 51 must be in the ranges: [{50 50} {55 998}]" },
      { type: "Invalid", path, value, detail: "group 999 must be in the ranges: [{50 50} {55 998}]" },
    ]);
  });

  it("MayRunAs accepts none, checks every listed group, never defaults", () => {
    expect(defaultThenValidate(makePod(), mayRunAs, only).mutated).toBe(false);
    expect(validateOnly(makePod({ securityContext: { supplementalGroups: [] } }), mayRunAs, only)).toEqual([]);
    expect(validateOnly(makePod({ securityContext: { supplementalGroups: [55, 998] } }), mayRunAs, only)).toEqual([]);
    expect(validateOnly(makePod({ securityContext: { supplementalGroups: [54] } }), mayRunAs, only)).toHaveLength(1);
  });

  it("RunAsAny accepts anything", () => {
    expect(
      defaultThenValidate(makePod({ securityContext: { supplementalGroups: [0] } }), makePsp(), only).errors,
    ).toEqual([]);
  });

  it("is inert without ranges", () => {
    expect(concern.inertReason?.(makePsp({ supplementalGroups: { rule: "MustRunAs", ranges: [] } }))).toBe(
      "supplementalGroups: ranges must be supplied for MustRunAs",
    );
    expect(concern.inertReason?.(mayRunAs)).toBeUndefined();
  });
});
