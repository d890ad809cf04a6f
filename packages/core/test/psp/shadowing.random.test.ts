/**
 * Soundness of `shadowedBy` on generated PSP pairs: B is random over a small vocabulary of every
 * PSP field, A is B with each field kept, opened up or re-drawn, so many pairs are claimed and many
 * more are near misses. For each claimed pair, pods built from both PSPs' boundary values (the
 * oracle fuzz generators) that B admits alone must be admitted by A alone with no PSP-specific change
 * (the seccomp field→annotation copy every PSP makes is allowed), and A must win with both.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PodSecurityPolicy, PspSpec } from "../../src/model/k8s-types.js";
import { admit } from "../../src/psp/admit.js";
import { allowAllContext } from "../../src/psp/policy-context.js";
import { shadowedBy } from "../../src/psp/shadowing.js";
import { scenarioArbitrary } from "../oracle/generators.js";

const SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
const PAIRS = Number(process.env.PSP2GK_SHADOW_PAIRS ?? 2000);
const PODS_PER_PAIR = Number(process.env.PSP2GK_SHADOW_PODS_PER_PAIR ?? 300);

type Draft = { spec: PspSpec; annotations: Record<string, string> };

const ranges = fc.constantFrom(
  [{ min: 1, max: 100 }],
  [{ min: 0, max: 0 }],
  [
    { min: 50, max: 60 },
    { min: 1000, max: 2000 },
  ],
  [{ min: 1, max: 65535 }],
);
const group = fc.oneof(
  fc.constant({ rule: "RunAsAny" as const }),
  ranges.map((r) => ({ rule: "MustRunAs" as const, ranges: r })),
  ranges.map((r) => ({ rule: "MayRunAs" as const, ranges: r })),
);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const field = {
  privileged: opt(fc.boolean()),
  hostNetwork: opt(fc.boolean()),
  hostPID: opt(fc.boolean()),
  hostIPC: opt(fc.boolean()),
  hostPorts: opt(
    fc.subarray([
      { min: 80, max: 80 },
      { min: 1, max: 1000 },
      { min: 8000, max: 9000 },
    ]),
  ),
  runAsUser: fc.oneof(
    fc.constant({ rule: "RunAsAny" as const }),
    fc.constant({ rule: "MustRunAsNonRoot" as const }),
    ranges.map((r) => ({ rule: "MustRunAs" as const, ranges: r })),
  ),
  runAsGroup: opt(group),
  fsGroup: group,
  supplementalGroups: group,
  seLinux: fc.oneof(
    fc.constant({ rule: "RunAsAny" as const }),
    fc.constant({ rule: "MustRunAs" as const, seLinuxOptions: { level: "s0:c1,c2" } }),
  ),
  allowPrivilegeEscalation: fc.boolean(),
  defaultAllowPrivilegeEscalation: opt(fc.boolean()),
  readOnlyRootFilesystem: opt(fc.boolean()),
  allowedProcMountTypes: opt(fc.constantFrom(["Default"], ["Default", "Unmasked"], ["Unmasked"])),
  defaultAddCapabilities: opt(fc.subarray(["CHOWN", "NET_ADMIN"])),
  requiredDropCapabilities: opt(fc.subarray(["ALL", "NET_RAW"])),
  allowedCapabilities: opt(fc.subarray(["*", "NET_ADMIN", "SYS_ADMIN", "CHOWN"])),
  volumes: fc.subarray([
    "*",
    "secret",
    "configMap",
    "hostPath",
    "emptyDir",
    "projected",
    "csi",
    "flexVolume",
    "downwardAPI",
  ]),
  allowedHostPaths: opt(
    fc.subarray([
      { pathPrefix: "/var/log" },
      { pathPrefix: "/var/log/pods", readOnly: true },
      { pathPrefix: "/etc", readOnly: true },
      { pathPrefix: "/" },
    ]),
  ),
  allowedFlexVolumes: opt(fc.subarray([{ driver: "example.com/flex" }, { driver: "example.com/other-flex" }])),
  allowedCSIDrivers: opt(fc.subarray([{ name: "csi.example.com" }, { name: "other.csi.example.com" }])),
  allowedUnsafeSysctls: opt(
    fc.subarray(["*", "net.*", "net.core.*", "kernel.msg*", "kernel.msgmax", "net.core.somaxconn"]),
  ),
  forbiddenSysctls: opt(fc.subarray(["kernel.shm_rmid_forced", "net.*", "net.core.*", "kernel.msgmax", "*"])),
  runtimeClass: opt(
    fc.record(
      {
        allowedRuntimeClassNames: fc.subarray(["*", "gvisor", "kata"]),
        defaultRuntimeClassName: fc.constantFrom("gvisor", "kata"),
      },
      { requiredKeys: ["allowedRuntimeClassNames"] },
    ),
  ),
};
const annotation = {
  "seccomp.security.alpha.kubernetes.io/allowedProfileNames": opt(
    fc.constantFrom("*", "runtime/default", "docker/default,unconfined", "", "localhost/a.json"),
  ),
  "seccomp.security.alpha.kubernetes.io/defaultProfileName": opt(fc.constantFrom("runtime/default", "unconfined")),
  "apparmor.security.beta.kubernetes.io/allowedProfileNames": opt(
    fc.constantFrom("runtime/default", "runtime/default,localhost/x", ""),
  ),
  "apparmor.security.beta.kubernetes.io/defaultProfileName": opt(fc.constantFrom("runtime/default", "localhost/x")),
};
/** The most permissive value of each field that writes nothing. */
const OPEN: Record<string, unknown> = {
  privileged: true,
  hostNetwork: true,
  hostPID: true,
  hostIPC: true,
  hostPorts: [{ min: 0, max: 65535 }],
  runAsUser: { rule: "RunAsAny" },
  runAsGroup: undefined,
  fsGroup: { rule: "RunAsAny" },
  supplementalGroups: { rule: "RunAsAny" },
  seLinux: { rule: "RunAsAny" },
  allowPrivilegeEscalation: true,
  defaultAllowPrivilegeEscalation: undefined,
  readOnlyRootFilesystem: undefined,
  allowedProcMountTypes: ["Default", "Unmasked"],
  defaultAddCapabilities: undefined,
  requiredDropCapabilities: undefined,
  allowedCapabilities: ["*"],
  volumes: ["*"],
  allowedHostPaths: undefined,
  allowedFlexVolumes: undefined,
  allowedCSIDrivers: undefined,
  allowedUnsafeSysctls: ["*"],
  forbiddenSysctls: undefined,
  runtimeClass: undefined,
  "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "*",
  "seccomp.security.alpha.kubernetes.io/defaultProfileName": undefined,
  "apparmor.security.beta.kubernetes.io/allowedProfileNames": undefined,
  "apparmor.security.beta.kubernetes.io/defaultProfileName": undefined,
};

const draftArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  { ...field, ...annotation },
  { noNullPrototype: true },
);

/** B's values, each opened up (mostly), kept, or re-drawn. */
const pairArb = draftArb.chain((b) =>
  fc
    .record(
      Object.fromEntries(
        Object.keys(b).map((k) => [
          k,
          fc.oneof(
            { weight: 2, arbitrary: fc.constant<"keep" | "open" | "draw">("keep") },
            { weight: 15, arbitrary: fc.constant<"keep" | "open" | "draw">("open") },
            { weight: 1, arbitrary: fc.constant<"keep" | "open" | "draw">("draw") },
          ),
        ]),
      ),
    )
    .chain((how) =>
      draftArb.map((drawn) => {
        const a: Record<string, unknown> = {};
        for (const k of Object.keys(b)) a[k] = how[k] === "keep" ? b[k] : how[k] === "open" ? OPEN[k] : drawn[k];
        return { a, b };
      }),
    ),
);

function toPsp(name: string, flat: Record<string, unknown>): PodSecurityPolicy {
  const spec: Record<string, unknown> = {};
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(flat)) {
    if (v === undefined) continue;
    if (k.includes("/")) annotations[k] = v as string;
    else spec[k] = structuredClone(v);
  }
  const draft: Draft = { spec: spec as PspSpec, annotations };
  return {
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name, ...(Object.keys(annotations).length ? { annotations: draft.annotations } : {}) },
    spec: draft.spec,
  };
}

describe("shadowedBy soundness on generated PSP pairs (fast-check)", () => {
  it(`${PAIRS} pairs, ${PODS_PER_PAIR} pods for each claimed one`, () => {
    let claimed = 0;
    let checked = 0;
    fc.assert(
      fc.property(pairArb, ({ a: flatA, b: flatB }) => {
        const a = toPsp("a", flatA);
        const b = toPsp("b", flatB);
        const found = shadowedBy([a, b]);
        if (found.length === 0) return true;
        claimed++;
        const identical = found[0]?.reason === "identical";
        const env = {
          from: "random",
          psps: [a, b].map((p) => ({
            name: p.metadata.name,
            ...(p.metadata.annotations ? { annotations: p.metadata.annotations } : {}),
            spec: p.spec as unknown as Record<string, unknown>,
          })),
          rbac: null,
          users: [],
          namespaces: ["default"],
          serviceAccounts: ["default"],
        };
        for (const s of fc.sample(scenarioArbitrary(env), { numRuns: PODS_PER_PAIR, seed: claimed })) {
          const request = { operation: "create" as const };
          if (admit(structuredClone(s.pod), request, allowAllContext([b])).psp !== "b") continue;
          checked++;
          const byA = admit(structuredClone(s.pod), request, allowAllContext([a]));
          const field = s.pod.spec.securityContext?.seccompProfile;
          const extra = Object.keys(byA.mutations).filter((k) => !(field && k.includes(SECCOMP_POD)));
          const both = admit(structuredClone(s.pod), request, allowAllContext([a, b]));
          if (byA.psp !== "a" || (!identical && extra.length > 0) || both.psp !== "a") {
            throw new Error(
              `A=${JSON.stringify(a)}\nB=${JSON.stringify(b)}\npod=${JSON.stringify(s.pod)}\n` +
                `A alone: ${byA.psp ?? byA.message} changes ${extra.join(", ")}; both: ${both.psp}`,
            );
          }
        }
        return true;
      }),
      { numRuns: PAIRS, seed: 7 },
    );
    console.log(`shadowing (generated): ${claimed} of ${PAIRS} pairs claimed, ${checked} pods admitted by B checked`);
    expect(claimed).toBeGreaterThan(PAIRS / 20);
    expect(checked).toBeGreaterThan(claimed);
  }, 120_000);
});
