/**
 * Candidate example pods for the gator suite, per concern, at the policy's own boundaries.
 *
 * Each generator reads the PSP's fields and edits a *baseline* pod (one the PSP admits, with PSP's
 * defaults already written) at the fields of its concern only: range edges and one past them,
 * allowed and disallowed capabilities, host paths inside and outside a prefix, allowed and other
 * volume types, privileged true/false, … Whether a candidate is admitted is NOT decided here: the
 * suite asks the PSP engine (gator-suite.ts). Generators only propose; a candidate the PSP happens to
 * admit is as useful as one it denies.
 *
 * Names are DNS labels (they become file names and Deployment names), unique per concern.
 */
import {
  ALLOWED_PROFILES_ANNOTATION as APPARMOR_ALLOWED,
  containerAnnotationKey,
} from "../concerns/apparmor/policy.js";
import { ALLOWED_PROFILES_ANNOTATION as SECCOMP_ALLOWED } from "../concerns/seccomp/policy.js";
import type { IdRange, Pod, PodSecurityPolicy, SeccompProfile } from "../model/k8s-types.js";

export interface Candidate {
  /** `<concern>-<what>`, a DNS label. */
  name: string;
  pod: Pod;
}

type Edit = (pod: Pod) => void;
type Generator = (psp: PodSecurityPolicy, baseline: Pod) => Candidate[];

const APP = "app";
const MAX_ID = 2147483647;

/** A name's longest form: a DNS label, since the name is also a Deployment's `app` label value. */
export const MAX_NAME = 63;

/** `text` as a DNS label: lower case, `-` for anything else, at most `max` characters. */
export function label(text: string, max = MAX_NAME): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/g, "");
}

function variant(concern: string, what: string, baseline: Pod, edit: Edit): Candidate {
  const pod = structuredClone(baseline);
  edit(pod);
  return { name: label(`${concern}-${what}`), pod };
}

/** The first container's securityContext, created when missing. */
function containerSc(pod: Pod): Record<string, unknown> {
  const c = pod.spec.containers[0] as Record<string, unknown>;
  c.securityContext ??= {};
  return c.securityContext as Record<string, unknown>;
}

/** The first container's capabilities, created when missing. */
function caps(pod: Pod): Record<string, unknown> {
  const sc = containerSc(pod);
  sc.capabilities ??= {};
  return sc.capabilities as Record<string, unknown>;
}

function podSc(pod: Pod): Record<string, unknown> {
  pod.spec.securityContext ??= {};
  return pod.spec.securityContext as Record<string, unknown>;
}

function annotate(pod: Pod, key: string, value: string): void {
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [key]: value };
}

/** Lowest and highest value of ranges, each with one outside neighbour (kept within valid IDs). */
function rangeEdges(ranges: readonly IdRange[] | undefined, floor = 0): number[] {
  const values = new Set<number>();
  const first = ranges?.[0];
  if (!first) return [];
  const min = Math.min(...(ranges ?? []).map((r) => r.min));
  const max = Math.max(...(ranges ?? []).map((r) => r.max));
  for (const v of [first.min, first.max, min - 1, max + 1]) if (v >= floor && v <= MAX_ID) values.add(v);
  return [...values].sort((a, b) => a - b);
}

function distinct(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.name) && seen.add(c.name));
}

const boolField =
  (concern: string, set: (pod: Pod, v: boolean) => void, what: string): Generator =>
  (_psp, baseline) =>
    [true, false].map((v) => variant(concern, what ? `${what}-${v}` : String(v), baseline, (p) => set(p, v)));

const runAsUser: Generator = (psp, baseline) => {
  const s = psp.spec.runAsUser;
  const ids = s.rule === "MustRunAs" ? rangeEdges(s.ranges) : [0, 1000];
  return ids.map((id) =>
    variant("run-as-user", String(id), baseline, (p) => {
      containerSc(p).runAsUser = id;
      // A pod-level runAsNonRoot the PSP defaulted would decide for uid 0 on its own; the case is about the uid.
      if (id === 0 && s.rule !== "MustRunAsNonRoot") delete podSc(p).runAsNonRoot;
    }),
  );
};

const idField =
  (concern: string, set: (pod: Pod, id: number) => void, ranges: (psp: PodSecurityPolicy) => IdRange[] | undefined) =>
  (psp: PodSecurityPolicy, baseline: Pod): Candidate[] => {
    const edges = rangeEdges(ranges(psp));
    return (edges.length > 0 ? edges : [0, 1000]).map((id) =>
      variant(concern, String(id), baseline, (p) => set(p, id)),
    );
  };

const capabilities: Generator = (psp, baseline) => {
  const allowed = psp.spec.allowedCapabilities ?? [];
  const out = allowed
    .filter((c) => c !== "*")
    .slice(0, 2)
    .map((cap) =>
      variant("capabilities", `add-${cap}`, baseline, (p) => {
        caps(p).add = [cap];
      }),
    );
  const other = ["SYS_ADMIN", "NET_ADMIN"].find((c) => !allowed.includes(c)) ?? "SYS_ADMIN";
  out.push(
    variant("capabilities", `add-${other}`, baseline, (p) => {
      caps(p).add = [other];
    }),
  );
  if ((psp.spec.requiredDropCapabilities ?? []).length > 0) {
    out.push(
      variant("capabilities", "no-drop", baseline, (p) => {
        delete caps(p).drop;
      }),
    );
  }
  return out;
};

/** A minimal, valid volume source per volume type (`fsType` names, PSP's `volumes` entries). */
const VOLUME_SOURCES: Record<string, [string, unknown]> = {
  configMap: ["configMap", { name: "example" }],
  emptyDir: ["emptyDir", {}],
  secret: ["secret", { secretName: "example" }],
  downwardAPI: ["downwardAPI", { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] }],
  projected: ["projected", { sources: [{ configMap: { name: "example" } }] }],
  persistentVolumeClaim: ["persistentVolumeClaim", { claimName: "example" }],
  hostPath: ["hostPath", { path: "/var/lib/example" }],
  nfs: ["nfs", { server: "nfs.example.com", path: "/exports" }],
  gitRepo: ["gitRepo", { repository: "https://example.com/repo.git" }],
};

function addVolume(pod: Pod, source: string, value: unknown, readOnly = false): void {
  pod.spec.volumes = [...(pod.spec.volumes ?? []), { name: "example", [source]: structuredClone(value) }];
  const c = pod.spec.containers[0] as Record<string, unknown>;
  const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
  c.volumeMounts = [...mounts, { name: "example", mountPath: "/example", ...(readOnly ? { readOnly: true } : {}) }];
}

const volumes: Generator = (psp, baseline) => {
  const allowed = psp.spec.volumes ?? [];
  const all = allowed.includes("*");
  const out: Candidate[] = [];
  for (const type of Object.keys(VOLUME_SOURCES).sort()) {
    const isAllowed = all || allowed.includes(type);
    // Every allowed type the table knows, and the types a restrictive policy most often leaves out.
    if (!isAllowed && !["hostPath", "nfs"].includes(type)) continue;
    if (type === "hostPath" && (psp.spec.allowedHostPaths ?? []).length > 0) continue; // host paths below
    const [field, value] = VOLUME_SOURCES[type] as [string, unknown];
    out.push(variant("volumes", type, baseline, (p) => addVolume(p, field, value)));
  }
  const hostPaths = psp.spec.allowedHostPaths ?? [];
  for (const hp of hostPaths.slice(0, 2)) {
    const inside = `${hp.pathPrefix.replace(/\/+$/, "")}/data`;
    out.push(
      variant("volumes", `host-path-inside-${inside}`, baseline, (p) =>
        addVolume(p, "hostPath", { path: inside }, hp.readOnly === true),
      ),
    );
    if (hp.readOnly) {
      out.push(
        variant("volumes", `host-path-writable-${inside}`, baseline, (p) => addVolume(p, "hostPath", { path: inside })),
      );
    }
  }
  if (hostPaths.length > 0) {
    const outside = ["/etc", "/var/run/docker.sock", "/root"].find(
      (path) => !hostPaths.some((hp) => path.startsWith(hp.pathPrefix.replace(/\/+$/, ""))),
    );
    if (outside) {
      out.push(
        variant("volumes", `host-path-outside-${outside}`, baseline, (p) =>
          addVolume(p, "hostPath", { path: outside }, true),
        ),
      );
    }
  }
  for (const d of (psp.spec.allowedFlexVolumes ?? []).slice(0, 1)) {
    out.push(variant("volumes", `flex-${d.driver}`, baseline, (p) => addVolume(p, "flexVolume", { driver: d.driver })));
  }
  if (all || allowed.includes("flexVolume")) {
    out.push(
      variant("volumes", "flex-other", baseline, (p) => addVolume(p, "flexVolume", { driver: "example.com/other" })),
    );
  }
  if (all) {
    // `*` still refuses a volume source PSP does not know (`image`, Kubernetes 1.31+): the one denial.
    out.push(
      variant("volumes", "unknown-type-image", baseline, (p) =>
        addVolume(p, "image", { reference: "registry.example.com/data:1.0" }, true),
      ),
    );
  }
  if (all || allowed.includes("csi")) {
    for (const d of (psp.spec.allowedCSIDrivers ?? []).slice(0, 1)) {
      out.push(variant("volumes", `csi-${d.name}`, baseline, (p) => addVolume(p, "csi", { driver: d.name })));
    }
    out.push(
      variant("volumes", "csi-other", baseline, (p) => addVolume(p, "csi", { driver: "other.csi.example.com" })),
    );
  }
  return out;
};

const hostNetworkAndPorts: Generator = (psp, baseline) => {
  const out = [variant("host-network", "true", baseline, (p) => (p.spec.hostNetwork = true))];
  const ranges = psp.spec.hostPorts ?? [];
  const ports = ranges.length > 0 ? rangeEdges(ranges, 1).filter((v) => v <= 65535) : [8080];
  for (const port of ports) {
    out.push(
      variant("host-port", String(port), baseline, (p) => {
        const c = p.spec.containers[0] as Record<string, unknown>;
        c.ports = [{ containerPort: port, hostPort: port, protocol: "TCP" }];
      }),
    );
  }
  return out;
};

const selinux: Generator = (psp, baseline) => {
  const wanted = psp.spec.seLinux.seLinuxOptions ?? {};
  const out = [
    variant("selinux", "other-level", baseline, (p) => {
      podSc(p).seLinuxOptions = { ...wanted, level: "s0:c98,c99" };
    }),
  ];
  if (psp.spec.seLinux.rule === "MustRunAs") {
    out.push(variant("selinux", "policy-options", baseline, (p) => (podSc(p).seLinuxOptions = { ...wanted })));
  }
  return out;
};

const SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_PROFILES = ["runtime/default", "docker/default", "unconfined", "localhost/example.json"];

const seccomp: Generator = (_psp, baseline) =>
  SECCOMP_PROFILES.map((profile) =>
    variant("seccomp", profile, baseline, (p) => {
      // The annotation alone: a field that disagreed with it would make the pod invalid.
      delete podSc(p).seccompProfile;
      delete containerSc(p).seccompProfile;
      for (const key of Object.keys(p.metadata.annotations ?? {})) {
        if (key.startsWith("container.seccomp.security.alpha.kubernetes.io/")) delete p.metadata.annotations?.[key];
      }
      annotate(p, SECCOMP_POD, profile);
    }),
  );

const APPARMOR_APP = `container.apparmor.security.beta.kubernetes.io/${APP}`;

const apparmor: Generator = (_psp, baseline) =>
  ["runtime/default", "unconfined", "localhost/example"].map((profile) =>
    variant("apparmor", profile, baseline, (p) => {
      delete containerSc(p).appArmorProfile;
      annotate(p, APPARMOR_APP, profile);
    }),
  );

const sysctls: Generator = (psp, baseline) => {
  const concrete = (pattern: string) => (pattern.endsWith("*") ? `${pattern.slice(0, -1)}msgmax` : pattern);
  // A safe sysctl, an unsafe one, and concrete names for the policy's own allowed/forbidden patterns.
  const names = new Set<string>(["kernel.shm_rmid_forced", "kernel.msgmax"]);
  for (const p of [...(psp.spec.allowedUnsafeSysctls ?? []), ...(psp.spec.forbiddenSysctls ?? [])].slice(0, 3)) {
    if (p !== "*") names.add(concrete(p));
  }
  return [...names].sort().map((name) =>
    variant("sysctls", name, baseline, (p) => {
      podSc(p).sysctls = [{ name, value: "1" }];
    }),
  );
};

const procMount: Generator = (_psp, baseline) =>
  ["Default", "Unmasked"].map((type) =>
    variant("proc-mount", type, baseline, (p) => (containerSc(p).procMount = type)),
  );

const runtimeClass: Generator = (psp, baseline) => {
  const allowed = (psp.spec.runtimeClass?.allowedRuntimeClassNames ?? []).filter((n) => n !== "*");
  return [...allowed.slice(0, 2), "other-runtime"].map((name) =>
    variant("runtime-class", name, baseline, (p) => (p.spec.runtimeClassName = name)),
  );
};

const GENERATORS: Record<string, Generator> = {
  "run-as-user": runAsUser,
  "run-as-group": idField(
    "run-as-group",
    (p, id) => (containerSc(p).runAsGroup = id),
    (psp) => psp.spec.runAsGroup?.ranges,
  ),
  "fs-group": idField(
    "fs-group",
    (p, id) => (podSc(p).fsGroup = id),
    (psp) => psp.spec.fsGroup.ranges,
  ),
  "supplemental-groups": idField(
    "supplemental-groups",
    (p, id) => (podSc(p).supplementalGroups = [id]),
    (psp) => psp.spec.supplementalGroups.ranges,
  ),
  selinux,
  seccomp,
  apparmor,
  privileged: boolField("privileged", (p, v) => (containerSc(p).privileged = v), ""),
  "privilege-escalation": boolField(
    "privilege-escalation",
    (p, v) => (containerSc(p).allowPrivilegeEscalation = v),
    "allow",
  ),
  "read-only-root-filesystem": boolField(
    "read-only-root-filesystem",
    (p, v) => (containerSc(p).readOnlyRootFilesystem = v),
    "",
  ),
  "proc-mount": procMount,
  capabilities,
  "host-network-and-ports": hostNetworkAndPorts,
  "host-namespaces": (_psp, baseline) => [
    variant("host-namespaces", "host-pid", baseline, (p) => (p.spec.hostPID = true)),
    variant("host-namespaces", "host-ipc", baseline, (p) => (p.spec.hostIPC = true)),
  ],
  sysctls,
  volumes,
  "runtime-class": runtimeClass,
};

/** The candidates for one concern's constraint (empty for a concern without a generator). */
export function candidatesFor(concern: string, psp: PodSecurityPolicy, baseline: Pod): Candidate[] {
  const generator = GENERATORS[concern];
  return generator ? distinct(generator(psp, baseline)) : [];
}

/** Candidates for a set of policies: every concern's, from every policy's fields, first name wins. */
export function candidatesForSet(psps: readonly PodSecurityPolicy[], baseline: Pod): Candidate[] {
  const all: Candidate[] = [];
  for (const concern of Object.keys(GENERATORS).sort()) {
    for (const psp of psps) all.push(...candidatesFor(concern, psp, baseline));
  }
  return distinct(all);
}

export const CASE_CONTAINER = APP;

/** The seccomp field that reads back as `profile` (the API server syncs annotation and field). */
function seccompField(profile: string): SeccompProfile | undefined {
  if (profile === "runtime/default" || profile === "docker/default") return { type: "RuntimeDefault" };
  if (profile === "unconfined") return { type: "Unconfined" };
  if (profile.startsWith("localhost/")) return { type: "Localhost", localhostProfile: profile.slice(10) };
  return undefined;
}

/** The first entry of a PSP's comma-separated profile list that is not the `*` wildcard. */
function firstListed(psp: PodSecurityPolicy, key: string): string | undefined {
  const text = psp.metadata.annotations?.[key];
  return text?.split(",").find((p) => p !== "" && p !== "*");
}

/**
 * `pod` with every field the PSP restricts set to a value the PSP accepts, for policies that admit no
 * bare pod (a seccomp or AppArmor list without a default, a runtime-class list, …): the first allowed
 * profile (seccomp as annotation *and* field, so gator sees what the API server would store), IDs at
 * the first range's `min` (or a non-root UID), the required drops, no privilege escalation, a read-only
 * root filesystem when required, the policy's SELinux options. No volumes, host namespaces or ports.
 * Whether the PSP admits it is still the engine's call: this only proposes (gator-suite.ts checks).
 */
export function compliantPod(psp: PodSecurityPolicy, pod: Pod): Pod {
  const out = structuredClone(pod);
  const s = psp.spec;
  const seccompProfile = firstListed(psp, SECCOMP_ALLOWED);
  if (seccompProfile) {
    annotate(out, SECCOMP_POD, seccompProfile);
    const field = seccompField(seccompProfile);
    if (field) podSc(out).seccompProfile = field;
  }
  const appArmorProfile = firstListed(psp, APPARMOR_ALLOWED);
  if (appArmorProfile) {
    for (const c of out.spec.containers) annotate(out, containerAnnotationKey(c.name), appArmorProfile);
  }
  const firstMin = (ranges: readonly IdRange[] | undefined) => ranges?.[0]?.min;
  const user = s.runAsUser.rule === "MustRunAs" ? firstMin(s.runAsUser.ranges) : undefined;
  if (user !== undefined) podSc(out).runAsUser = user;
  if (s.runAsUser.rule === "MustRunAsNonRoot") Object.assign(podSc(out), { runAsNonRoot: true, runAsUser: 1000 });
  const group = s.runAsGroup && s.runAsGroup.rule !== "RunAsAny" ? firstMin(s.runAsGroup.ranges) : undefined;
  if (group !== undefined) podSc(out).runAsGroup = group;
  const fsGroup = s.fsGroup.rule !== "RunAsAny" ? firstMin(s.fsGroup.ranges) : undefined;
  if (fsGroup !== undefined) podSc(out).fsGroup = fsGroup;
  const supplemental = s.supplementalGroups.rule !== "RunAsAny" ? firstMin(s.supplementalGroups.ranges) : undefined;
  if (supplemental !== undefined) podSc(out).supplementalGroups = [supplemental];
  if (s.seLinux.rule === "MustRunAs" && s.seLinux.seLinuxOptions) {
    podSc(out).seLinuxOptions = { ...s.seLinux.seLinuxOptions };
  }
  for (const c of out.spec.containers) {
    c.securityContext ??= {};
    const sc = c.securityContext;
    const drop = s.requiredDropCapabilities ?? [];
    if (drop.length > 0) sc.capabilities = { ...(sc.capabilities ?? {}), drop: [...drop] };
    if (!s.allowPrivilegeEscalation) sc.allowPrivilegeEscalation = false;
    if (s.readOnlyRootFilesystem) sc.readOnlyRootFilesystem = true;
  }
  const runtimeClasses = (s.runtimeClass?.allowedRuntimeClassNames ?? []).filter((n) => n !== "*");
  if (runtimeClasses.length > 0 && !s.runtimeClass?.allowedRuntimeClassNames.includes("*")) {
    out.spec.runtimeClassName = s.runtimeClass?.defaultRuntimeClassName ?? runtimeClasses[0];
  }
  return out;
}
