import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/volumes/index.js";
import { validateVolumes } from "../../../src/concerns/volumes/validate.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { container, pod, psp } from "../../psp/fixtures.js";

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

describe("volumes coversUnchanged is sound for host paths and drivers (fast-check)", () => {
  const prefixes = ["/", "/var", "/var/", "/var/log", "/var/log/pods", "/var/logs", "/etc", "/etc/ssl/"];
  const paths = [
    "/",
    "/var",
    "/var/log",
    "/var/log/",
    "/var/log/pods/x",
    "/var/logs",
    "/var/lo",
    "/etc",
    "/etc/ssl",
    "/etcx",
    "/opt",
  ];
  const entry = fc.record({
    pathPrefix: fc.constantFrom(...prefixes),
    readOnly: fc.option(fc.boolean(), { nil: undefined }),
  });
  const volumePsp = (name: string) =>
    fc
      .record({
        volumes: fc.subarray(["*", "hostPath", "csi", "flexVolume", "secret"]),
        allowedHostPaths: fc.option(fc.array(entry, { maxLength: 3 }), { nil: undefined }),
        allowedCSIDrivers: fc.option(fc.subarray([{ name: "c1" }, { name: "c2" }]), { nil: undefined }),
        allowedFlexVolumes: fc.option(fc.subarray([{ driver: "f1" }, { driver: "f2" }]), { nil: undefined }),
      })
      .map((f) => psp(name, Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined))));
  const pods = [
    ...paths.flatMap((path) =>
      [true, false].map((readOnly) =>
        pod({
          volumes: [{ name: "v", hostPath: { path } }],
          containers: [container({ volumeMounts: [{ name: "v", mountPath: "/m", readOnly }] })],
        }),
      ),
    ),
    ...["c1", "c2", "c3"].map((driver) => pod({ volumes: [{ name: "v", csi: { driver } }] })),
    ...["f1", "f2", "f3"].map((driver) => pod({ volumes: [{ name: "v", flexVolume: { driver } }] })),
    pod({ volumes: [{ name: "v", secret: { secretName: "s" } }] }),
  ];

  it("whenever it claims coverage, every volume the other admits, it admits", () => {
    let claimed = 0;
    fc.assert(
      fc.property(volumePsp("a"), volumePsp("b"), (a, b) => {
        if (!covers(a, b)) return;
        claimed++;
        for (const p of pods) {
          if (validateVolumes(p, b).length === 0)
            expect(validateVolumes(p, a), JSON.stringify(p.spec.volumes)).toEqual([]);
        }
      }),
      { numRuns: 5000, seed: 13 },
    );
    expect(claimed).toBeGreaterThan(100);
  });
});
