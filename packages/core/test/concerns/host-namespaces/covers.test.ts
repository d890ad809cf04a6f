import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/host-namespaces/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("host-namespaces coversUnchanged", () => {
  it("covers when it allows every host namespace the other allows", () => {
    expect(covers(psp("a", { hostPID: true, hostIPC: true }), psp("b", { hostPID: true }))).toBe(true);
    expect(covers(psp("a"), psp("b"))).toBe(true);
  });
  it("not when the other allows a host namespace it refuses", () => {
    expect(covers(psp("a", { hostPID: true }), psp("b", { hostIPC: true }))).toBe(false);
    expect(covers(psp("a"), psp("b", { hostPID: true }))).toBe(false);
  });
});
