import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/host-network-and-ports/index.js";
import { formatPortRanges } from "../../../src/concerns/host-network-and-ports/validate.js";
import type { Pod, PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { containersOf } from "../../../src/psp/security-context.js";
import { container, pod, psp } from "../../psp/fixtures.js";

function containerErrors(p: Pod, policy: PodSecurityPolicy) {
  return containersOf(p).flatMap((ref) => concern.validateContainer?.(p, ref, policy) ?? []);
}
const withPort = (hostPort: number) => pod({ containers: [container({ ports: [{ containerPort: 80, hostPort }] })] });

describe("hostNetwork", () => {
  it("refuses hostNetwork under a PSP without it and allows it with", () => {
    expect(concern.validatePod?.(pod({ hostNetwork: true }), psp("p"))?.[0]?.detail).toBe(
      "Host network is not allowed to be used",
    );
    expect(concern.validatePod?.(pod({ hostNetwork: true }), psp("p", { hostNetwork: true }))).toEqual([]);
  });
});

describe("hostPorts", () => {
  const ranges = psp("p", {
    hostPorts: [
      { min: 80, max: 80 },
      { min: 8000, max: 8080 },
    ],
  });
  it("allows a port inside any of several ranges (inclusive bounds)", () => {
    expect(containerErrors(withPort(80), ranges)).toEqual([]);
    expect(containerErrors(withPort(8080), ranges)).toEqual([]);
  });
  it("refuses a port outside every range, listing the ranges", () => {
    const errors = containerErrors(withPort(8081), ranges);
    expect(errors.map((e) => [e.path, e.detail])).toEqual([
      ["spec.containers[0].hostPort", "Host port 8081 is not allowed to be used. Allowed ports: [80,8000-8080]"],
    ]);
  });
  it("treats no ranges as no host ports, but hostPort 0 as no host port at all", () => {
    expect(containerErrors(withPort(1), psp("p"))[0]?.detail).toContain("Allowed ports: []");
    expect(containerErrors(withPort(0), psp("p"))).toEqual([]);
  });
  it("checks ephemeral containers too", () => {
    const p = pod({ ephemeralContainers: [container({ name: "dbg", ports: [{ containerPort: 1, hostPort: 9 }] })] });
    expect(containerErrors(p, psp("p")).map((e) => e.path)).toEqual(["spec.ephemeralContainers[0].hostPort"]);
  });
  it("formats single-port ranges as one number", () => {
    expect(formatPortRanges([{ min: 5, max: 5 }])).toBe("5");
  });
});
