import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/selinux/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("selinux coversUnchanged", () => {
  it("only RunAsAny covers: MustRunAs writes pod seLinuxOptions when they are unset", () => {
    const opts = { seLinux: { rule: "MustRunAs" as const, seLinuxOptions: { level: "s0:c1" } } };
    expect(covers(psp("a"), psp("b", opts))).toBe(true);
    expect(covers(psp("a", opts), psp("b", opts))).toBe(false);
  });
});
