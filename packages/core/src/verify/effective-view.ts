/**
 * What a pod *means* for PSP, independent of where a value is written: per container the effective
 * security values (container over pod for runAsUser / runAsGroup / runAsNonRoot / seLinuxOptions, the
 * seccomp profile in PSP's resolution order, the AppArmor annotation) and the container-only fields,
 * plus the pod-level fields PSP reads or writes. Two pods with equal views are the same to PSP and to
 * the kubelet, so a Gatekeeper mutator that sets one pod-level value where PSP wrote the same value
 * into each container compares equal.
 *
 * Used by the differential tests and `verify` to compare the PSP engine's result with the simulator's.
 */
import { containerAnnotationKey as appArmorKey } from "../concerns/apparmor/policy.js";
import { containerProfile, podProfile } from "../concerns/seccomp/profiles.js";
import { podAnnotation } from "../concerns/shared/annotations.js";
import type { Pod } from "../model/k8s-types.js";
import { containersOf, effective } from "../psp/security-context.js";

export interface ContainerView {
  /** `spec.<list>[<index>]` and the name. */
  path: string;
  name: string;
  runAsUser: number | null;
  runAsGroup: number | null;
  runAsNonRoot: boolean | null;
  seLinuxOptions: Record<string, string> | null;
  /** Annotation form (`runtime/default`, `localhost/x`, ...), "" when none; `docker/default` reads as `runtime/default`. */
  seccompProfile: string;
  appArmorProfile: string;
  privileged: boolean | null;
  allowPrivilegeEscalation: boolean | null;
  readOnlyRootFilesystem: boolean | null;
  procMount: string | null;
  /** Sorted, unique (PSP compares capabilities as sets). */
  capabilitiesAdd: string[] | null;
  capabilitiesDrop: string[] | null;
  hostPorts: number[];
}

export interface PodView {
  fsGroup: number | null;
  /** As written (order kept): PSP checks each entry, the kubelet uses the list. */
  supplementalGroups: number[] | null;
  seLinuxOptions: Record<string, string> | null;
  seccompProfile: string;
  runtimeClassName: string | null;
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  sysctls: string[];
  containers: ContainerView[];
}

const orNull = <T>(v: T | undefined | null): T | null => (v === undefined || v === null ? null : v);

function seLinux(options: object | undefined | null): Record<string, string> | null {
  if (!options) return null;
  const out: Record<string, string> = {};
  for (const key of ["user", "role", "type", "level"]) {
    const v = (options as Record<string, unknown>)[key];
    if (typeof v === "string" && v !== "") out[key] = v;
  }
  return out;
}

/** `docker/default` is the runtime default under its old name (the kubelet and PSP treat them alike). */
const seccomp = (profile: string): string => (profile === "docker/default" ? "runtime/default" : profile);

const sortedSet = (list: readonly string[] | undefined | null): string[] | null =>
  list === undefined || list === null ? null : [...new Set(list)].sort();

export function effectiveView(pod: Pod): PodView {
  const psc = pod.spec.securityContext ?? {};
  return {
    fsGroup: orNull(psc.fsGroup),
    supplementalGroups: psc.supplementalGroups ? [...psc.supplementalGroups] : null,
    seLinuxOptions: seLinux(psc.seLinuxOptions),
    seccompProfile: seccomp(podProfile(pod)),
    runtimeClassName: orNull(pod.spec.runtimeClassName),
    hostNetwork: pod.spec.hostNetwork === true,
    hostPID: pod.spec.hostPID === true,
    hostIPC: pod.spec.hostIPC === true,
    sysctls: (psc.sysctls ?? []).map((s) => `${s.name}=${s.value}`).sort(),
    containers: containersOf(pod).map(({ container: c, path }) => {
      const sc = c.securityContext ?? {};
      return {
        path,
        name: c.name,
        runAsUser: orNull(effective(pod, c, "runAsUser")),
        runAsGroup: orNull(effective(pod, c, "runAsGroup")),
        runAsNonRoot: orNull(effective(pod, c, "runAsNonRoot")),
        seLinuxOptions: seLinux(effective(pod, c, "seLinuxOptions")),
        seccompProfile: seccomp(containerProfile(pod, c)),
        appArmorProfile: podAnnotation(pod, appArmorKey(c.name)),
        privileged: orNull(sc.privileged),
        allowPrivilegeEscalation: orNull(sc.allowPrivilegeEscalation),
        readOnlyRootFilesystem: orNull(sc.readOnlyRootFilesystem),
        procMount: orNull(sc.procMount),
        capabilitiesAdd: sc.capabilities ? sortedSet(sc.capabilities.add) : null,
        capabilitiesDrop: sc.capabilities ? sortedSet(sc.capabilities.drop) : null,
        hostPorts: (c.ports ?? []).map((p) => p.hostPort ?? 0).filter((p) => p > 0),
      };
    }),
  };
}

/** Field-by-field differences between two views, as `path: a ≠ b` lines (empty when equal). */
export function diffViews(a: PodView, b: PodView): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (Array.isArray(x) && Array.isArray(y) && path.endsWith("containers")) {
      const n = Math.max(x.length, y.length);
      for (let i = 0; i < n; i++) walk(x[i], y[i], `${path}[${i}]`);
      return;
    }
    if (x && y && typeof x === "object" && typeof y === "object" && !Array.isArray(x) && !Array.isArray(y)) {
      for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
        walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      }
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${path}: ${JSON.stringify(x)} ≠ ${JSON.stringify(y)}`);
  };
  walk(a, b, "");
  return out;
}

/** Which concern owns each field of the view (the last segment of a `diffViews` path). */
const FIELD_CONCERN: Readonly<Record<string, string>> = {
  runAsUser: "run-as-user",
  runAsNonRoot: "run-as-user",
  runAsGroup: "run-as-group",
  seLinuxOptions: "selinux",
  seccompProfile: "seccomp",
  appArmorProfile: "apparmor",
  privileged: "privileged",
  allowPrivilegeEscalation: "privilege-escalation",
  readOnlyRootFilesystem: "read-only-root-filesystem",
  procMount: "proc-mount",
  capabilitiesAdd: "capabilities",
  capabilitiesDrop: "capabilities",
  hostPorts: "host-network-and-ports",
  hostNetwork: "host-network-and-ports",
  hostPID: "host-namespaces",
  hostIPC: "host-namespaces",
  fsGroup: "fs-group",
  supplementalGroups: "supplemental-groups",
  runtimeClassName: "runtime-class",
  sysctls: "sysctls",
};

/**
 * The concern of a view path such as `containers[0].runAsUser` or `seLinuxOptions.type` (a nested key
 * belongs to its field), or undefined for a path outside the view's fields.
 */
export function concernOfField(path: string): string | undefined {
  const segments = path.split(".").map((s) => s.replace(/\[\d+\]$/, ""));
  for (let i = segments.length - 1; i >= 0; i--) {
    const concern = FIELD_CONCERN[segments[i] as string];
    if (concern) return concern;
  }
  return undefined;
}
