import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/privilege-escalation/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("privilege-escalation coversUnchanged", () => {
  it("covers only when it allows escalation and writes no default", () => {
    expect(covers(psp("a"), psp("b", { allowPrivilegeEscalation: false }))).toBe(true);
    expect(covers(psp("a", { allowPrivilegeEscalation: false }), psp("b", { allowPrivilegeEscalation: false }))).toBe(
      false,
    );
    expect(covers(psp("a", { defaultAllowPrivilegeEscalation: true }), psp("b"))).toBe(false);
  });
});
