/**
 * Does a PSP restrict (validate or default) a concern at all? Used to fail closed for concerns whose
 * Gatekeeper emitter does not exist yet: a PSP that restricts such a concern cannot be converted,
 * one that leaves it fully open can (nothing to emit). Written per concern from psp-semantics.md
 * §4–§5, answering "restricts" whenever unsure (the answer only ever makes convert refuse).
 */
import type { PodSecurityPolicy } from "../model/k8s-types.js";

const SECCOMP_ALLOWED = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";
const SECCOMP_DEFAULT = "seccomp.security.alpha.kubernetes.io/defaultProfileName";
const APPARMOR_ALLOWED = "apparmor.security.beta.kubernetes.io/allowedProfileNames";
const APPARMOR_DEFAULT = "apparmor.security.beta.kubernetes.io/defaultProfileName";

const empty = (list: readonly unknown[] | undefined): boolean => (list ?? []).length === 0;

/** Every host port 1..65535 lies in one of the ranges. */
function allHostPortsAllowed(ranges: readonly { min: number; max: number }[] | undefined): boolean {
  const sorted = [...(ranges ?? [])].sort((a, b) => a.min - b.min);
  let next = 1; // the lowest port not yet covered
  for (const r of sorted) {
    if (r.min > next) return false;
    next = Math.max(next, r.max + 1);
    if (next > 65535) return true;
  }
  return next > 65535;
}

const RESTRICTS: Record<string, (psp: PodSecurityPolicy) => boolean> = {
  apparmor: (p) =>
    p.metadata.annotations?.[APPARMOR_ALLOWED] !== undefined ||
    p.metadata.annotations?.[APPARMOR_DEFAULT] !== undefined,
  capabilities: (s) =>
    !(s.spec.allowedCapabilities ?? []).includes("*") ||
    !empty(s.spec.defaultAddCapabilities) ||
    !empty(s.spec.requiredDropCapabilities),
  "fs-group": (p) => p.spec.fsGroup.rule !== "RunAsAny",
  "host-namespaces": (p) => p.spec.hostPID !== true || p.spec.hostIPC !== true,
  "host-network-and-ports": (p) => p.spec.hostNetwork !== true || !allHostPortsAllowed(p.spec.hostPorts),
  "privilege-escalation": (p) =>
    p.spec.allowPrivilegeEscalation === false || p.spec.defaultAllowPrivilegeEscalation !== undefined,
  privileged: (p) => p.spec.privileged !== true,
  "proc-mount": (p) => {
    const types = p.spec.allowedProcMountTypes ?? [];
    return !(types.includes("Default") && types.includes("Unmasked"));
  },
  "read-only-root-filesystem": (p) => p.spec.readOnlyRootFilesystem === true,
  "run-as-group": (p) => p.spec.runAsGroup !== undefined && p.spec.runAsGroup.rule !== "RunAsAny",
  "run-as-user": (p) => p.spec.runAsUser.rule !== "RunAsAny",
  "runtime-class": (p) =>
    p.spec.runtimeClass !== undefined &&
    (p.spec.runtimeClass.defaultRuntimeClassName !== undefined ||
      !(p.spec.runtimeClass.allowedRuntimeClassNames ?? []).includes("*")),
  seccomp: (p) => {
    const allowed = p.metadata.annotations?.[SECCOMP_ALLOWED];
    const list = (allowed ?? "").split(",").map((s) => s.trim());
    return allowed === undefined || !list.includes("*") || p.metadata.annotations?.[SECCOMP_DEFAULT] !== undefined;
  },
  selinux: (p) => p.spec.seLinux.rule !== "RunAsAny",
  "supplemental-groups": (p) => p.spec.supplementalGroups.rule !== "RunAsAny",
  sysctls: (p) => !(p.spec.allowedUnsafeSysctls ?? []).includes("*") || !empty(p.spec.forbiddenSysctls),
  volumes: (p) =>
    !(p.spec.volumes ?? []).includes("*") ||
    !empty(p.spec.allowedHostPaths) ||
    !empty(p.spec.allowedFlexVolumes) ||
    !empty(p.spec.allowedCSIDrivers),
};

/** True when `psp` validates or defaults anything of `concern` (unknown concern: true). */
export function restrictsConcern(psp: PodSecurityPolicy, concern: string): boolean {
  const check = RESTRICTS[concern];
  return check ? check(psp) : true;
}
