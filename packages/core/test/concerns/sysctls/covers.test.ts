import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/sysctls/index.js";
import { validateSysctls } from "../../../src/concerns/sysctls/validate.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { pod, psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("sysctls coversUnchanged", () => {
  it("safe sysctls the other admits must not be forbidden", () => {
    expect(covers(psp("a", { forbiddenSysctls: ["kernel.shm_rmid_forced"] }), psp("b"))).toBe(false);
    expect(covers(psp("a", { forbiddenSysctls: ["*"] }), psp("b", { forbiddenSysctls: ["*"] }))).toBe(true);
    expect(covers(psp("a"), psp("b"))).toBe(true);
  });
  it("unsafe patterns of the other must lie inside its own (prefix*) and meet none of its forbidden ones", () => {
    const a = psp("a", { allowedUnsafeSysctls: ["net.*", "kernel.msgmax"] });
    expect(covers(a, psp("b", { allowedUnsafeSysctls: ["net.core.*", "kernel.msgmax", "net.ipv4.x"] }))).toBe(true);
    expect(covers(a, psp("b", { allowedUnsafeSysctls: ["kernel.*"] }))).toBe(false);
    expect(covers(a, psp("b", { allowedUnsafeSysctls: ["kernel.msg*"] }))).toBe(false);
    const forbids = psp("a", { allowedUnsafeSysctls: ["*"], forbiddenSysctls: ["net.core.*"] });
    expect(covers(forbids, psp("b", { allowedUnsafeSysctls: ["net.*"] }))).toBe(false);
    expect(covers(forbids, psp("b", { allowedUnsafeSysctls: ["net.*"], forbiddenSysctls: ["net.*"] }))).toBe(true);
    expect(covers(forbids, psp("b", { allowedUnsafeSysctls: ["kernel.*"] }))).toBe(true);
  });
});

describe("sysctls coversUnchanged is sound (fast-check)", () => {
  const patterns = [
    "*",
    "net.*",
    "net.core.*",
    "net.",
    "kernel.msg*",
    "kernel.msgmax",
    "kernel.*",
    "net.core.somaxconn",
    "kernel.shm_rmid_forced",
    "net.ipv4.*",
    "",
  ];
  const names = [
    "net.core.somaxconn",
    "net.core.x",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ip_local_port_range",
    "net.",
    "net",
    "kernel.msgmax",
    "kernel.msgmnb",
    "kernel.shm_rmid_forced",
    "kernel.sem",
    "vm.swappiness",
    "",
  ];
  const sysctlPsp = (name: string) =>
    fc
      .record({
        allowedUnsafeSysctls: fc.option(fc.subarray(patterns), { nil: undefined }),
        forbiddenSysctls: fc.option(fc.subarray(patterns), { nil: undefined }),
      })
      .map((f) => psp(name, Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined))));

  it("whenever it claims coverage, every name the other admits, it admits", () => {
    let claimed = 0;
    fc.assert(
      fc.property(sysctlPsp("a"), sysctlPsp("b"), (a, b) => {
        if (!covers(a, b)) return;
        claimed++;
        for (const name of names) {
          const p = pod({ securityContext: { sysctls: [{ name, value: "1" }] } });
          if (validateSysctls(p, b).length === 0) expect(validateSysctls(p, a), name).toEqual([]);
        }
      }),
      { numRuns: 5000, seed: 11 },
    );
    expect(claimed).toBeGreaterThan(100);
  });
});
