import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/run-as-user/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("run-as-user coversUnchanged", () => {
  it("only RunAsAny covers: MustRunAs/MustRunAsNonRoot write into a container without runAsUser", () => {
    const must = psp("b", { runAsUser: { rule: "MustRunAs", ranges: [{ min: 1000, max: 1000 }] } });
    expect(covers(psp("a"), must)).toBe(true);
    expect(covers(psp("a", { runAsUser: { rule: "MustRunAs", ranges: [{ min: 0, max: 65535 }] } }), must)).toBe(false);
    expect(
      covers(
        psp("a", { runAsUser: { rule: "MustRunAsNonRoot" } }),
        psp("b", { runAsUser: { rule: "MustRunAsNonRoot" } }),
      ),
    ).toBe(false);
  });
});
