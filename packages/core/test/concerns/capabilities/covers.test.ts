import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/capabilities/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("capabilities coversUnchanged", () => {
  it("never covers when it would write capabilities", () => {
    expect(
      covers(psp("a", { requiredDropCapabilities: ["ALL"] }), psp("b", { requiredDropCapabilities: ["ALL"] })),
    ).toBe(false);
    expect(covers(psp("a", { defaultAddCapabilities: ["CHOWN"] }), psp("b"))).toBe(false);
  });
  it("allowed capabilities: `*` covers all; else the other's defaults and allowed list must be allowed", () => {
    expect(covers(psp("a", { allowedCapabilities: ["*"] }), psp("b", { allowedCapabilities: ["*"] }))).toBe(true);
    const a = psp("a", { allowedCapabilities: ["NET_ADMIN", "CHOWN"] });
    expect(covers(a, psp("b", { allowedCapabilities: ["NET_ADMIN"], defaultAddCapabilities: ["CHOWN"] }))).toBe(true);
    expect(covers(a, psp("b", { allowedCapabilities: ["SYS_ADMIN"] }))).toBe(false);
    expect(covers(a, psp("b", { allowedCapabilities: ["*"] }))).toBe(false);
    expect(covers(a, psp("b", { allowedCapabilities: ["net_admin"] }))).toBe(false);
    expect(covers(psp("a"), psp("b", { requiredDropCapabilities: ["ALL"] }))).toBe(true);
  });
});
