import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/sysctls/index.js";
import { matchesSysctlPattern } from "../../../src/concerns/sysctls/patterns.js";
import type { PspSpec } from "../../../src/model/k8s-types.js";
import { pod, psp } from "../../psp/fixtures.js";

function errors(names: string[], spec: Partial<PspSpec> = {}) {
  const p = pod({ securityContext: { sysctls: names.map((name) => ({ name, value: "1" })) } });
  return (concern.validatePod?.(p, psp("p", spec)) ?? []).map((e) => `${e.path}: ${e.detail}`);
}

describe("sysctls", () => {
  it("allows the safe set (including ip_unprivileged_port_start, 1.22+) and refuses unsafe ones by default", () => {
    expect(errors(["kernel.shm_rmid_forced", "net.ipv4.ip_unprivileged_port_start"])).toEqual([]);
    expect(errors(["kernel.msgmax"])).toEqual([
      'pod.spec.securityContext.sysctls[0]: unsafe sysctl "kernel.msgmax" is not allowed',
    ]);
  });
  it("lets forbidden win over safe and over allowed-unsafe", () => {
    expect(errors(["net.ipv4.tcp_syncookies"], { forbiddenSysctls: ["net.*"] })).toEqual([
      'pod.spec.securityContext.sysctls[0]: sysctl "net.ipv4.tcp_syncookies" is not allowed',
    ]);
    expect(
      errors(["kernel.msgmax"], { forbiddenSysctls: ["kernel.msgmax"], allowedUnsafeSysctls: ["*"] }),
    ).toHaveLength(1);
  });
  it("allows unsafe sysctls matching allowedUnsafeSysctls exactly or by prefix", () => {
    expect(errors(["kernel.msgmax", "kernel.sem"], { allowedUnsafeSysctls: ["kernel.msg*", "kernel.sem"] })).toEqual(
      [],
    );
    expect(errors(["kernel.semx"], { allowedUnsafeSysctls: ["kernel.sem"] })).toHaveLength(1);
  });
  it("matches patterns as plain string prefixes and compares slash spellings as written", () => {
    expect(matchesSysctlPattern("abc", "a*")).toBe(true);
    expect(matchesSysctlPattern("net/ipv4/x", "net.*")).toBe(false);
    expect(errors(["net/ipv4/ip_local_port_range"])).toHaveLength(1);
  });
});
