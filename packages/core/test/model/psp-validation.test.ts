/**
 * Every rule of psp-semantics.md §6 (Kubernetes' ValidatePodSecurityPolicy), each at least once
 * accepted and once refused, asserting the field path and Kubernetes' wording.
 */
import { describe, expect, it } from "vitest";
import { defaultPsp } from "../../src/model/defaults.js";
import { checkPsp, validatePsp } from "../../src/model/psp-validation.js";
import { formatFieldError } from "../../src/psp/field-error.js";

type Obj = Record<string, unknown>;

/** A minimal valid PSP; `spec` and `annotations` are merged over it. */
function psp(spec: Obj = {}, metadata: Obj = {}): Obj {
  return {
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name: "p", ...metadata },
    spec: {
      runAsUser: { rule: "RunAsAny" },
      seLinux: { rule: "RunAsAny" },
      fsGroup: { rule: "RunAsAny" },
      supplementalGroups: { rule: "RunAsAny" },
      ...spec,
    },
  };
}

const errorsOf = (o: unknown) => validatePsp(o).map(formatFieldError);

interface Rule {
  rule: string;
  ok: Obj;
  bad: Obj;
  /** Expected formatted error of `bad` (whole or a fragment that includes the path). */
  error: string;
  meta?: { ok?: Obj; bad?: Obj };
}

const APPARMOR_ALLOWED = "apparmor.security.beta.kubernetes.io/allowedProfileNames";
const APPARMOR_DEFAULT = "apparmor.security.beta.kubernetes.io/defaultProfileName";
const SECCOMP_ALLOWED = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";
const SECCOMP_DEFAULT = "seccomp.security.alpha.kubernetes.io/defaultProfileName";

const RULES: Rule[] = [
  {
    rule: "runAsUser.rule is one of MustRunAs, MustRunAsNonRoot, RunAsAny",
    ok: { runAsUser: { rule: "MustRunAsNonRoot" } },
    bad: { runAsUser: { rule: "Sometimes" } },
    error:
      'spec.runAsUser.rule: Unsupported value: "Sometimes": supported values: "MustRunAs", "MustRunAsNonRoot", "RunAsAny"',
  },
  {
    rule: "runAsUser is required",
    ok: { runAsUser: { rule: "RunAsAny" } },
    bad: { runAsUser: undefined },
    error: "spec.runAsUser: Required value",
  },
  {
    rule: "seLinux.rule is one of MustRunAs, RunAsAny",
    ok: { seLinux: { rule: "MustRunAs", seLinuxOptions: { level: "s0" } } },
    bad: { seLinux: { rule: "MayRunAs" } },
    error: 'spec.seLinux.rule: Unsupported value: "MayRunAs": supported values: "MustRunAs", "RunAsAny"',
  },
  {
    rule: "fsGroup.rule is one of MayRunAs, MustRunAs, RunAsAny",
    ok: { fsGroup: { rule: "MayRunAs", ranges: [{ min: 1, max: 2 }] } },
    bad: { fsGroup: { rule: "" } },
    error: 'spec.fsGroup.rule: Unsupported value: "": supported values: "MayRunAs", "MustRunAs", "RunAsAny"',
  },
  {
    rule: "supplementalGroups.rule is one of MayRunAs, MustRunAs, RunAsAny",
    ok: { supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 1, max: 2 }] } },
    bad: { supplementalGroups: { rule: "MustRunAsNonRoot" } },
    error: 'spec.supplementalGroups.rule: Unsupported value: "MustRunAsNonRoot"',
  },
  {
    rule: "runAsGroup.rule is one of MustRunAs, RunAsAny, MayRunAs (Kubernetes' own order)",
    ok: { runAsGroup: { rule: "RunAsAny" } },
    bad: { runAsGroup: { rule: "MustRunAsNonRoot" } },
    error:
      'spec.runAsGroup.rule: Unsupported value: "MustRunAsNonRoot": supported values: "MustRunAs", "RunAsAny", "MayRunAs"',
  },
  {
    rule: "runAsGroup MustRunAs/MayRunAs needs a range",
    ok: { runAsGroup: { rule: "MayRunAs", ranges: [{ min: 1, max: 1 }] } },
    bad: { runAsGroup: { rule: "MustRunAs" } },
    error: "spec.runAsGroup.ranges: Invalid value: []: must provide at least one range",
  },
  {
    rule: "runAsGroup RunAsAny takes no ranges",
    ok: { runAsGroup: { rule: "RunAsAny", ranges: [] } },
    bad: { runAsGroup: { rule: "RunAsAny", ranges: [{ min: 1, max: 1 }] } },
    error: "spec.runAsGroup.ranges: Invalid value: ",
  },
  {
    rule: "range min cannot be negative",
    ok: { runAsUser: { rule: "MustRunAs", ranges: [{ min: 0, max: 0 }] } },
    bad: { runAsUser: { rule: "MustRunAs", ranges: [{ min: -1, max: 0 }] } },
    error: "spec.runAsUser.ranges[0].min: Invalid value: -1: min cannot be negative",
  },
  {
    rule: "range max cannot be negative",
    ok: { supplementalGroups: { rule: "MayRunAs", ranges: [{ min: 0, max: 5 }] } },
    bad: {
      supplementalGroups: {
        rule: "MayRunAs",
        ranges: [
          { min: 0, max: 5 },
          { min: 0, max: -5 },
        ],
      },
    },
    error: "spec.supplementalGroups.ranges[1].max: Invalid value: -5: max cannot be negative",
  },
  {
    rule: "range min cannot be greater than max",
    ok: { fsGroup: { rule: "MustRunAs", ranges: [{ min: 5, max: 5 }] } },
    bad: { fsGroup: { rule: "MustRunAs", ranges: [{ min: 6, max: 5 }] } },
    error: "spec.fsGroup.ranges[0].min: Invalid value: 6: min cannot be greater than max",
  },
  {
    rule: "volumes are FSTypes (ephemeral included) or *",
    ok: { volumes: ["ephemeral", "csi", "cephFS", "*"] },
    bad: { volumes: ["secret", "none"] },
    error: 'spec.volumes[1]: Unsupported value: "none": supported values: "*", "awsElasticBlockStore", "azureDisk"',
  },
  {
    rule: "volume types are case-sensitive",
    ok: { volumes: ["storageos", "scaleIO"] },
    bad: { volumes: ["cephfs"] },
    error: 'spec.volumes[0]: Unsupported value: "cephfs"',
  },
  {
    rule: "requiredDropCapabilities empty when allowedCapabilities has *",
    ok: { allowedCapabilities: ["*"] },
    bad: { allowedCapabilities: ["*"], requiredDropCapabilities: ["NET_RAW"] },
    error:
      'spec.requiredDropCapabilities: Invalid value: ["NET_RAW"]: must be empty when all capabilities are allowed by a wildcard',
  },
  {
    rule: "a capability is not both default-added and required-dropped (case-sensitive)",
    ok: { defaultAddCapabilities: ["foo"], requiredDropCapabilities: ["FOO"] },
    bad: { defaultAddCapabilities: ["CHOWN", "NET_RAW"], requiredDropCapabilities: ["NET_RAW"] },
    error:
      'spec.defaultAddCapabilities[1]: Invalid value: "NET_RAW": capability is listed in defaultAddCapabilities and requiredDropCapabilities',
  },
  {
    rule: "a capability is not both allowed and required-dropped",
    ok: { allowedCapabilities: ["CHOWN"], requiredDropCapabilities: ["NET_RAW"] },
    bad: { allowedCapabilities: ["NET_RAW"], requiredDropCapabilities: ["NET_RAW"] },
    error: "capability is listed in allowedCapabilities and requiredDropCapabilities",
  },
  {
    rule: "defaultAllowPrivilegeEscalation true needs allowPrivilegeEscalation true (nil defaults to true)",
    ok: { defaultAllowPrivilegeEscalation: true },
    bad: { defaultAllowPrivilegeEscalation: true, allowPrivilegeEscalation: false },
    error:
      "spec.defaultAllowPrivilegeEscalation: Invalid value: true: Cannot set DefaultAllowPrivilegeEscalation to true without also setting AllowPrivilegeEscalation to true",
  },
  {
    rule: "allowedHostPaths pathPrefix is required",
    ok: { allowedHostPaths: [{ pathPrefix: "/var/log", readOnly: true }] },
    bad: { allowedHostPaths: [{ pathPrefix: "" }] },
    error: "spec.allowedHostPaths[0].pathPrefix: Required value: is required",
  },
  {
    rule: "allowedHostPaths pathPrefix has no .. element",
    ok: { allowedHostPaths: [{ pathPrefix: "/foo..bar/x.." }] },
    bad: { allowedHostPaths: [{ pathPrefix: "/a/../etc" }] },
    error: `spec.allowedHostPaths[0].pathPrefix: Invalid value: "/a/../etc": must not contain '..'`,
  },
  {
    rule: "allowedFlexVolumes driver is required",
    ok: { allowedFlexVolumes: [{ driver: "example/lvm" }] },
    bad: { allowedFlexVolumes: [{ driver: "" }] },
    error: "spec.allowedFlexVolumes[0].driver: Required value: must specify a driver",
  },
  {
    rule: "allowedCSIDrivers name is required",
    ok: { allowedCSIDrivers: [{ name: "csi.example.com" }] },
    bad: { allowedCSIDrivers: [{ name: "" }] },
    error: "spec.allowedCSIDrivers[0].name: Required value",
  },
  {
    rule: "allowedCSIDrivers name is a DNS subdomain of at most 63 characters",
    ok: { allowedCSIDrivers: [{ name: "Disk.CSI.Example.com" }] },
    bad: { allowedCSIDrivers: [{ name: `${"a".repeat(64)}` }] },
    error: "spec.allowedCSIDrivers[0].name: Invalid value: ",
  },
  {
    rule: "allowedProcMountTypes are Default or Unmasked",
    ok: { allowedProcMountTypes: ["Default", "Unmasked"] },
    bad: { allowedProcMountTypes: ["Masked"] },
    error: 'spec.allowedProcMountTypes[0]: Unsupported value: "Masked": supported values: "Default", "Unmasked"',
  },
  {
    rule: "sysctl entries are not empty",
    ok: { forbiddenSysctls: ["kernel.msgmax"] },
    bad: { forbiddenSysctls: [""] },
    error: 'spec.forbiddenSysctls[0]: Invalid value: "": empty sysctl not allowed',
  },
  {
    rule: "sysctl patterns: * only at the end, dot- or slash-separated lowercase segments",
    ok: { allowedUnsafeSysctls: ["net.core.*", "net/ipv4/tcp_keepalive_time", "kernel.shm*"] },
    bad: { allowedUnsafeSysctls: ["Net.core"] },
    error: 'spec.allowedUnsafeSysctls[0]: Invalid value: "Net.core": must have at most 253 characters and match regex',
  },
  {
    rule: "sysctl patterns are at most 253 characters",
    ok: { allowedUnsafeSysctls: [`a.${"b".repeat(251)}`] },
    bad: { allowedUnsafeSysctls: [`a.${"b".repeat(252)}`] },
    error: "must have at most 253 characters",
  },
  {
    rule: "* is the only entry of a sysctl list when present",
    ok: { forbiddenSysctls: ["*"] },
    bad: { forbiddenSysctls: ["*", "kernel.msgmax"] },
    error: "spec.forbiddenSysctls: Forbidden: if '*' is present, must not specify other sysctls",
  },
  {
    rule: "allowed and forbidden sysctls do not overlap: same name",
    ok: { allowedUnsafeSysctls: ["kernel.msgmax"], forbiddenSysctls: ["kernel.msgmnb"] },
    bad: { allowedUnsafeSysctls: ["kernel.msgmax"], forbiddenSysctls: ["kernel.msgmax"] },
    error: 'spec.allowedUnsafeSysctls[0]: Invalid value: "kernel.msgmax": sysctl overlaps with kernel.msgmax',
  },
  {
    rule: "allowed and forbidden sysctls do not overlap: an allowed pattern covers a forbidden name",
    ok: { allowedUnsafeSysctls: ["net.*"], forbiddenSysctls: ["kernel.msgmax"] },
    bad: { allowedUnsafeSysctls: ["net.*"], forbiddenSysctls: ["kernel.msgmax", "net.core.somaxconn"] },
    error: 'spec.forbiddenSysctls[1]: Invalid value: "net.core.somaxconn": sysctl overlaps with net.*',
  },
  {
    rule: "allowed and forbidden sysctls do not overlap: two patterns, the narrower one reported",
    ok: { allowedUnsafeSysctls: ["net.ipv4.*"], forbiddenSysctls: ["net.core.*"] },
    bad: { allowedUnsafeSysctls: ["net.*"], forbiddenSysctls: ["net.ipv4.*"] },
    error: 'spec.forbiddenSysctls[0]: Invalid value: "net.ipv4.*": sysctl overlaps with net.*',
  },
  {
    rule: "runtimeClass names are DNS subdomains",
    ok: { runtimeClass: { allowedRuntimeClassNames: ["gvisor", "kata.v2"] } },
    bad: { runtimeClass: { allowedRuntimeClassNames: ["Not_Valid"] } },
    error: 'spec.runtimeClass.allowedRuntimeClassNames[0]: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain',
  },
  {
    rule: "runtimeClass names are not duplicated",
    ok: { runtimeClass: { allowedRuntimeClassNames: ["a", "b"] } },
    bad: { runtimeClass: { allowedRuntimeClassNames: ["a", "a"] } },
    error: 'spec.runtimeClass.allowedRuntimeClassNames[1]: Duplicate value: "a"',
  },
  {
    rule: "runtimeClass * is the only entry when present",
    ok: { runtimeClass: { allowedRuntimeClassNames: ["*"], defaultRuntimeClassName: "gvisor" } },
    bad: { runtimeClass: { allowedRuntimeClassNames: ["*", "gvisor"] } },
    error:
      'spec.runtimeClass.allowedRuntimeClassNames: Invalid value: ["*","gvisor"]: if \'*\' is present, must not specify other RuntimeClass names',
  },
  {
    rule: "runtimeClass default must be allowed",
    ok: { runtimeClass: { allowedRuntimeClassNames: ["gvisor"], defaultRuntimeClassName: "gvisor" } },
    bad: { runtimeClass: { allowedRuntimeClassNames: [], defaultRuntimeClassName: "gvisor" } },
    error: 'spec.runtimeClass.allowedRuntimeClassNames: Required value: default "gvisor" must be allowed',
  },
  {
    rule: "runtimeClass default is a DNS subdomain",
    ok: { runtimeClass: { allowedRuntimeClassNames: ["*"], defaultRuntimeClassName: "kata" } },
    bad: { runtimeClass: { allowedRuntimeClassNames: ["*"], defaultRuntimeClassName: "-kata" } },
    error: 'spec.runtimeClass.defaultRuntimeClassName: Invalid value: "-kata"',
  },
];

const ANNOTATION_RULES: { rule: string; ok: Obj; bad: Obj; error: string }[] = [
  {
    rule: "metadata.name is a DNS-1123 subdomain",
    ok: { name: "psp.example-1" },
    bad: { name: "Restricted_PSP" },
    error: 'metadata.name: Invalid value: "Restricted_PSP": a lowercase RFC 1123 subdomain must consist of',
  },
  {
    rule: "metadata.name is at most 253 characters",
    ok: { name: "a".repeat(253) },
    bad: { name: "a".repeat(254) },
    error: "must be no more than 253 characters",
  },
  {
    rule: "metadata.name is required",
    ok: { name: "x" },
    bad: { name: "" },
    error: "metadata.name: Required value: name or generateName is required",
  },
  {
    rule: "AppArmor allowed profiles: runtime/default, unconfined, localhost/<name>",
    ok: { annotations: { [APPARMOR_ALLOWED]: "runtime/default,unconfined,localhost/my-profile" } },
    bad: { annotations: { [APPARMOR_ALLOWED]: "runtime/default,docker/default" } },
    error: `metadata.annotations[${APPARMOR_ALLOWED}]: Invalid value: "runtime/default,docker/default": invalid AppArmor profile name: "docker/default"`,
  },
  {
    rule: "AppArmor default profile has the same format",
    ok: { annotations: { [APPARMOR_DEFAULT]: "runtime/default" } },
    bad: { annotations: { [APPARMOR_DEFAULT]: "*" } },
    error: `metadata.annotations[${APPARMOR_DEFAULT}]: Invalid value: "*": invalid AppArmor profile name: "*"`,
  },
  {
    rule: "seccomp allowed profiles: runtime/default, docker/default, unconfined, localhost/<relative>, *",
    ok: { annotations: { [SECCOMP_ALLOWED]: "*,runtime/default,docker/default,unconfined,localhost/profiles/a.json" } },
    bad: { annotations: { [SECCOMP_ALLOWED]: "runtime/default,RuntimeDefault" } },
    error: `metadata.annotations[${SECCOMP_ALLOWED}]: Invalid value: "RuntimeDefault": must be a valid seccomp profile`,
  },
  {
    rule: "seccomp localhost profiles are relative paths",
    ok: { annotations: { [SECCOMP_DEFAULT]: "localhost/a/b.json" } },
    bad: { annotations: { [SECCOMP_DEFAULT]: "localhost//etc/profile.json" } },
    error: `metadata.annotations[${SECCOMP_DEFAULT}]: Invalid value: "/etc/profile.json": must be a relative path`,
  },
  {
    rule: "seccomp localhost profiles have no .. element",
    ok: { annotations: { [SECCOMP_ALLOWED]: "localhost/a..b" } },
    bad: { annotations: { [SECCOMP_ALLOWED]: "localhost/../x" } },
    error: `Invalid value: "../x": must not contain '..'`,
  },
  {
    rule: "seccomp default may not be *",
    ok: { annotations: { [SECCOMP_DEFAULT]: "runtime/default" } },
    bad: { annotations: { [SECCOMP_DEFAULT]: "*" } },
    error: `metadata.annotations[${SECCOMP_DEFAULT}]: Invalid value: "*": must be a valid seccomp profile`,
  },
];

describe("PSP object validation (psp-semantics.md §6)", () => {
  for (const r of RULES) {
    it(r.rule, () => {
      expect(errorsOf(psp(r.ok))).toEqual([]);
      const errs = errorsOf(psp(r.bad));
      expect(
        errs.some((e) => e.includes(r.error)),
        errs.join("\n"),
      ).toBe(true);
    });
  }
  for (const r of ANNOTATION_RULES) {
    it(r.rule, () => {
      expect(errorsOf(psp({}, r.ok))).toEqual([]);
      const errs = errorsOf(psp({}, r.bad));
      expect(
        errs.some((e) => e.includes(r.error)),
        errs.join("\n"),
      ).toBe(true);
    });
  }

  it("accepts the inert-but-valid shapes: MustRunAs without ranges, SELinux MustRunAs without options", () => {
    const spec = {
      runAsUser: { rule: "MustRunAs" },
      fsGroup: { rule: "MustRunAs" },
      supplementalGroups: { rule: "MayRunAs" },
      seLinux: { rule: "MustRunAs" },
    };
    expect(errorsOf(psp(spec))).toEqual([]);
  });

  it("reports every error of one PSP together, not only the first", () => {
    const errs = errorsOf(
      psp({
        volumes: ["bogus"],
        allowedProcMountTypes: ["x"],
        fsGroup: { rule: "RunAsAny", ranges: [{ min: 2, max: 1 }] },
      }),
    );
    expect(errs).toHaveLength(3);
  });

  it("checks JSON types first and reports them with their paths", () => {
    expect(
      errorsOf(psp({ hostNetwork: "yes", runAsUser: { rule: "MustRunAs", ranges: [{ min: "1", max: 2 }] } })),
    ).toEqual([
      'spec.hostNetwork: Invalid value: "yes": must be of type boolean, not string',
      'spec.runAsUser.ranges[0].min: Invalid value: "1": must be of type number, not string',
    ]);
  });

  it("accepts extensions/v1beta1 and refuses other API versions", () => {
    expect(errorsOf({ ...psp(), apiVersion: "extensions/v1beta1" })).toEqual([]);
    expect(errorsOf({ ...psp(), apiVersion: "policy/v1" })[0]).toContain('apiVersion: Unsupported value: "policy/v1"');
  });
});

describe("API defaulting", () => {
  it("sets allowPrivilegeEscalation nil → true and nothing else", () => {
    const out = checkPsp(psp());
    expect(out.errors).toEqual([]);
    expect(out.psp?.spec.allowPrivilegeEscalation).toBe(true);
    expect(out.psp?.spec.runAsGroup).toBeUndefined();
    expect(out.psp?.spec.volumes).toBeUndefined();
  });
  it("keeps an explicit false, and does not change its input", () => {
    const input = checkPsp(psp({ allowPrivilegeEscalation: false })).psp;
    expect(input?.spec.allowPrivilegeEscalation).toBe(false);
    const raw = { ...(psp() as { spec: Obj }) } as never;
    const before = JSON.stringify(raw);
    defaultPsp(raw);
    expect(JSON.stringify(raw)).toBe(before);
  });
  it("keeps unknown fields", () => {
    expect(checkPsp(psp({ futureField: { a: 1 } }, { uid: "u" })).psp).toMatchObject({
      metadata: { uid: "u" },
      spec: { futureField: { a: 1 } },
    });
  });
});
