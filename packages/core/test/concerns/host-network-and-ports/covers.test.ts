import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/host-network-and-ports/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("host-network-and-ports coversUnchanged", () => {
  it("hostNetwork: must allow it when the other does", () => {
    expect(covers(psp("a", { hostNetwork: true }), psp("b"))).toBe(true);
    expect(covers(psp("a"), psp("b", { hostNetwork: true }))).toBe(false);
  });
  it("host ports: the other's ranges must lie in the union of its ranges", () => {
    const a = psp("a", {
      hostPorts: [
        { min: 1, max: 100 },
        { min: 101, max: 200 },
      ],
    });
    expect(covers(a, psp("b", { hostPorts: [{ min: 50, max: 150 }] }))).toBe(true);
    expect(covers(a, psp("b", { hostPorts: [{ min: 150, max: 201 }] }))).toBe(false);
    expect(covers(psp("a"), psp("b", { hostPorts: [{ min: 80, max: 80 }] }))).toBe(false);
    expect(covers(psp("a"), psp("b"))).toBe(true);
    // Port 0 is "no host port": a 0-80 range needs only 1-80.
    expect(covers(psp("a", { hostPorts: [{ min: 1, max: 80 }] }), psp("b", { hostPorts: [{ min: 0, max: 80 }] }))).toBe(
      true,
    );
  });
});
