import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/volumes/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("volumes coversUnchanged", () => {
  it("types: every type the other allows (`*` = all)", () => {
    expect(covers(psp("a"), psp("b", { volumes: ["secret", "hostPath"] }))).toBe(true);
    expect(covers(psp("a", { volumes: ["secret", "configMap"] }), psp("b", { volumes: ["secret"] }))).toBe(true);
    expect(covers(psp("a", { volumes: ["secret"] }), psp("b", { volumes: ["secret", "emptyDir"] }))).toBe(false);
    expect(covers(psp("a", { volumes: ["secret"] }), psp("b"))).toBe(false);
  });
  it("host paths: segment-wise prefixes, writable where the other is writable", () => {
    const a = psp("a", { allowedHostPaths: [{ pathPrefix: "/var/log" }, { pathPrefix: "/etc", readOnly: true }] });
    expect(covers(a, psp("b", { allowedHostPaths: [{ pathPrefix: "/var/log/pods" }] }))).toBe(true);
    expect(covers(a, psp("b", { allowedHostPaths: [{ pathPrefix: "/etc/ssl", readOnly: true }] }))).toBe(true);
    expect(covers(a, psp("b", { allowedHostPaths: [{ pathPrefix: "/etc/ssl" }] }))).toBe(false);
    expect(covers(a, psp("b", { allowedHostPaths: [{ pathPrefix: "/var/logs" }] }))).toBe(false);
    expect(covers(a, psp("b"))).toBe(false);
    expect(covers(a, psp("b", { volumes: ["secret"] }))).toBe(true);
    expect(covers(psp("a"), psp("b", { allowedHostPaths: [{ pathPrefix: "/" }] }))).toBe(true);
  });
  it("flex and CSI drivers: no list covers all; else the other's drivers must be listed", () => {
    const a = psp("a", { allowedFlexVolumes: [{ driver: "x/flex" }], allowedCSIDrivers: [{ name: "c.example" }] });
    expect(
      covers(a, psp("b", { allowedFlexVolumes: [{ driver: "x/flex" }], allowedCSIDrivers: [{ name: "c.example" }] })),
    ).toBe(true);
    expect(covers(a, psp("b", { allowedCSIDrivers: [{ name: "c.example" }] }))).toBe(false);
    expect(covers(a, psp("b", { volumes: ["csi"], allowedCSIDrivers: [{ name: "c.example" }] }))).toBe(true);
    expect(covers(psp("a"), psp("b", { allowedFlexVolumes: [{ driver: "y" }] }))).toBe(true);
  });
});
