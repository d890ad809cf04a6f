import { describe, expect, it } from "vitest";
import { isBefore, versionSkew } from "../../src/psp/version-skew.js";
import { pod } from "./fixtures.js";

describe("versionSkew: where the v1.20 oracle differs from the 1.24 engine", () => {
  it("flags ephemeral volumes and ip_unprivileged_port_start", () => {
    const p = pod({
      volumes: [
        { name: "s", secret: {} },
        { name: "e", ephemeral: {} },
      ],
      securityContext: { sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] },
    });
    expect(versionSkew(p).map((s) => [s.path, s.since])).toEqual([
      ["spec.volumes[1]", "1.21"],
      ["spec.securityContext.sysctls[0]", "1.22"],
    ]);
  });
  it("flags nothing for a pod using only long-standing features", () => {
    expect(versionSkew(pod({ volumes: [{ name: "s", secret: {} }] }))).toEqual([]);
  });
  it("compares minor versions numerically", () => {
    expect(isBefore("1.20", "1.22")).toBe(true);
    expect(isBefore("1.9", "1.10")).toBe(true);
    expect(isBefore("1.22", "1.22")).toBe(false);
  });
});
