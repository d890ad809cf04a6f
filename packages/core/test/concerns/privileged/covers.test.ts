import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/privileged/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("privileged coversUnchanged", () => {
  it("privileged covers anything; unprivileged covers only unprivileged", () => {
    expect(covers(psp("a", { privileged: true }), psp("b", { privileged: true }))).toBe(true);
    expect(covers(psp("a", { privileged: true }), psp("b"))).toBe(true);
    expect(covers(psp("a"), psp("b"))).toBe(true);
    expect(covers(psp("a"), psp("b", { privileged: true }))).toBe(false);
  });
});
