import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/sysctls/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("sysctls coversUnchanged", () => {
  it("safe sysctls the other admits must not be forbidden", () => {
    expect(covers(psp("a", { forbiddenSysctls: ["kernel.shm_rmid_forced"] }), psp("b"))).toBe(false);
    expect(covers(psp("a", { forbiddenSysctls: ["*"] }), psp("b", { forbiddenSysctls: ["*"] }))).toBe(true);
    expect(covers(psp("a"), psp("b"))).toBe(true);
  });
  it("unsafe patterns of the other must lie inside its own (prefix*) and meet none of its forbidden ones", () => {
    const a = psp("a", { allowedUnsafeSysctls: ["net.*", "kernel.msgmax"] });
    expect(covers(a, psp("b", { allowedUnsafeSysctls: ["net.core.*", "kernel.msgmax", "net.ipv4.x"] }))).toBe(true);
    expect(covers(a, psp("b", { allowedUnsafeSysctls: ["kernel.*"] }))).toBe(false);
    expect(covers(a, psp("b", { allowedUnsafeSysctls: ["kernel.msg*"] }))).toBe(false);
    const forbids = psp("a", { allowedUnsafeSysctls: ["*"], forbiddenSysctls: ["net.core.*"] });
    expect(covers(forbids, psp("b", { allowedUnsafeSysctls: ["net.*"] }))).toBe(false);
    expect(covers(forbids, psp("b", { allowedUnsafeSysctls: ["net.*"], forbiddenSysctls: ["net.*"] }))).toBe(true);
    expect(covers(forbids, psp("b", { allowedUnsafeSysctls: ["kernel.*"] }))).toBe(true);
  });
});
