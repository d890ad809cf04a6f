import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/proc-mount/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("proc-mount coversUnchanged", () => {
  it("must list every proc mount type the other allows (empty = [Default])", () => {
    expect(covers(psp("a", { allowedProcMountTypes: ["Default", "Unmasked"] }), psp("b"))).toBe(true);
    expect(covers(psp("a"), psp("b", { allowedProcMountTypes: ["Default"] }))).toBe(true);
    expect(covers(psp("a"), psp("b", { allowedProcMountTypes: ["Unmasked"] }))).toBe(false);
    expect(covers(psp("a", { allowedProcMountTypes: ["Unmasked"] }), psp("b"))).toBe(false);
  });
});
