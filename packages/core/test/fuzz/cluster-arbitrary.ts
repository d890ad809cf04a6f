/**
 * fast-check generators for whole clusters: 2–4 PSPs (the shared cases' specs, mutated at their
 * boundaries: ranges, allowed lists, defaults), RBAC that grants some or all of them (ClusterRoles and
 * Roles with or without resourceNames, ClusterRoleBindings and RoleBindings to every kind of subject
 * PSP admission asks about), 1–3 namespaces, pods biased to the PSPs' edges (the oracle generators'
 * vocabulary) in those namespaces and one more, and a requester.
 *
 * Every draft is plain data built with `fc.record`/`fc.constantFrom`/arrays, so fast-check can shrink a
 * failing cluster towards fewer PSPs, mutations, roles, bindings and subjects before the pod is shrunk.
 */
import fc from "fast-check";
import type { Pod, Workload } from "../../src/model/k8s-types.js";
import { type PspCase, readCases } from "../cases/read-cases.js";
import type { PspInput } from "../oracle/client.js";
import { type Environment, scenarioArbitrary } from "../oracle/generators.js";

type Obj = Record<string, unknown>;

/** Distinct PSPs (annotations + spec) of the admission cases, in case order: the fuzz's starting points. */
export function pspPool(cases: readonly PspCase[] = readCases()): PspInput[] {
  const seen = new Set<string>();
  const out: PspInput[] = [];
  for (const c of cases) {
    if ((c.kind ?? "admission") !== "admission") continue;
    for (const p of c.psps ?? []) {
      const key = JSON.stringify([p.annotations ?? {}, p.spec]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        name: p.name,
        ...(p.annotations ? { annotations: { ...p.annotations } } : {}),
        spec: structuredClone(p.spec),
      });
    }
  }
  return out;
}

// ---- PSP mutations ---------------------------------------------------------------------------------

/** One change to a PSP spec; `n` picks the field/element/delta, so a mutation is plain shrinkable data. */
export interface PspMutation {
  kind:
    | "range-edge"
    | "host-port-edge"
    | "drop-volume"
    | "add-volume"
    | "drop-capability"
    | "add-capability"
    | "default-capability"
    | "drop-host-path"
    | "host-path-read-only"
    | "add-host-path"
    | "default-no-escalation"
    | "seccomp-default"
    | "must-run-as-non-root"
    | "read-only-root"
    | "privileged"
    | "strategy-range"
    | "apparmor-default"
    | "runtime-class-default";
  n: number;
}

const MUTATION_KINDS: PspMutation["kind"][] = [
  "range-edge",
  "host-port-edge",
  "drop-volume",
  "add-volume",
  "drop-capability",
  "add-capability",
  "default-capability",
  "drop-host-path",
  "host-path-read-only",
  "add-host-path",
  "default-no-escalation",
  "seccomp-default",
  "must-run-as-non-root",
  "read-only-root",
  "privileged",
  "strategy-range",
  "apparmor-default",
  "runtime-class-default",
];

/** MustRunAs ranges two PSPs may default differently (the first min is the default). */
const STRATEGY_RANGES: [string, Range][] = [
  ["runAsUser", { min: 1000, max: 2000 }],
  ["runAsGroup", { min: 3000, max: 3000 }],
  ["fsGroup", { min: 2000, max: 2999 }],
  ["supplementalGroups", { min: 1, max: 65535 }],
  ["runAsUser", { min: 1500, max: 1500 }],
  ["fsGroup", { min: 1, max: 1 }],
];

const RANGE_FIELDS = ["runAsUser", "runAsGroup", "fsGroup", "supplementalGroups"];
const EXTRA_VOLUMES = ["hostPath", "projected", "secret", "configMap", "emptyDir", "persistentVolumeClaim", "csi", "*"];
const EXTRA_CAPS = ["NET_ADMIN", "SYS_ADMIN", "CHOWN", "NET_BIND_SERVICE"];
const EXTRA_HOST_PATHS = ["/var/log", "/etc/", "/data/app"];
const DELTAS = [-1, 1, -100, 100];

const at = <T>(xs: readonly T[], n: number): T | undefined => (xs.length === 0 ? undefined : xs[n % xs.length]);

type Range = { min: number; max: number };

/** Moves one end of a range by a delta, keeping it a valid range (0 ≤ min ≤ max). */
function nudge(ranges: Range[], n: number): void {
  const r = at(ranges, n);
  if (!r) return;
  const delta = DELTAS[Math.floor(n / 2) % DELTAS.length] as number;
  if (n % 2 === 0) r.min = Math.max(0, Math.min(r.max, r.min + delta));
  else r.max = Math.max(r.min, r.max + delta);
}

export function mutatePsp(input: PspInput, mutations: readonly PspMutation[]): PspInput {
  const spec = structuredClone(input.spec) as Obj;
  const annotations = { ...(input.annotations ?? {}) };
  const list = (k: string) => ((spec[k] ?? []) as unknown[]).slice();
  for (const { kind, n } of mutations) {
    switch (kind) {
      case "range-edge": {
        const withRanges = RANGE_FIELDS.filter((f) => ((spec[f] as Obj | undefined)?.ranges as unknown[])?.length);
        const field = at(withRanges, n);
        if (field) nudge((spec[field] as { ranges: Range[] }).ranges, Math.floor(n / 4));
        break;
      }
      case "host-port-edge":
        if (Array.isArray(spec.hostPorts)) nudge(spec.hostPorts as Range[], n);
        break;
      case "drop-volume": {
        const vs = list("volumes");
        vs.splice(n % Math.max(1, vs.length), 1);
        spec.volumes = vs;
        break;
      }
      case "add-volume":
        spec.volumes = [...new Set([...list("volumes"), at(EXTRA_VOLUMES, n)])];
        break;
      case "drop-capability": {
        const cs = list("allowedCapabilities");
        cs.splice(n % Math.max(1, cs.length), 1);
        spec.allowedCapabilities = cs;
        break;
      }
      case "add-capability":
        spec.allowedCapabilities = [...new Set([...list("allowedCapabilities"), at(EXTRA_CAPS, n)])];
        break;
      case "default-capability": {
        // A default must be allowed (or not required-dropped) to be valid; take one the PSP allows.
        const allowed = list("allowedCapabilities").filter((c) => c !== "*") as string[];
        const cap = at(allowed.length > 0 ? allowed : EXTRA_CAPS, n) as string;
        if (allowed.length === 0 && !list("allowedCapabilities").includes("*")) break;
        spec.defaultAddCapabilities = [...new Set([...list("defaultAddCapabilities"), cap])];
        break;
      }
      case "drop-host-path": {
        const hs = list("allowedHostPaths");
        hs.splice(n % Math.max(1, hs.length), 1);
        spec.allowedHostPaths = hs;
        break;
      }
      case "host-path-read-only": {
        const hs = list("allowedHostPaths") as Obj[];
        const h = at(hs, n);
        if (h) hs[n % hs.length] = { ...h, readOnly: !h.readOnly };
        spec.allowedHostPaths = hs;
        break;
      }
      case "add-host-path":
        spec.allowedHostPaths = [
          ...list("allowedHostPaths"),
          { pathPrefix: at(EXTRA_HOST_PATHS, n), readOnly: n % 2 === 0 },
        ];
        break;
      case "default-no-escalation":
        spec.defaultAllowPrivilegeEscalation = false;
        break;
      case "seccomp-default": {
        const allowed = annotations["seccomp.security.alpha.kubernetes.io/allowedProfileNames"];
        annotations["seccomp.security.alpha.kubernetes.io/defaultProfileName"] = "runtime/default";
        if (allowed !== undefined && allowed !== "*" && !allowed.split(",").includes("runtime/default")) {
          annotations["seccomp.security.alpha.kubernetes.io/allowedProfileNames"] = `${allowed},runtime/default`;
        }
        break;
      }
      case "must-run-as-non-root":
        spec.runAsUser = { rule: "MustRunAsNonRoot" };
        break;
      case "read-only-root":
        spec.readOnlyRootFilesystem = !spec.readOnlyRootFilesystem;
        break;
      case "privileged":
        spec.privileged = !spec.privileged;
        break;
      case "strategy-range": {
        const [field, range] = STRATEGY_RANGES[n % STRATEGY_RANGES.length] as [string, Range];
        spec[field] = { rule: "MustRunAs", ranges: [{ ...range }] };
        break;
      }
      case "apparmor-default":
        annotations["apparmor.security.beta.kubernetes.io/defaultProfileName"] = "runtime/default";
        annotations["apparmor.security.beta.kubernetes.io/allowedProfileNames"] =
          n % 2 === 0 ? "runtime/default" : "runtime/default,localhost/custom";
        break;
      case "runtime-class-default":
        spec.runtimeClass = {
          allowedRuntimeClassNames: n % 2 === 0 ? ["*"] : ["gvisor"],
          defaultRuntimeClassName: "gvisor",
        };
        break;
    }
  }
  return { name: input.name, ...(Object.keys(annotations).length ? { annotations } : {}), spec };
}

// ---- RBAC ---------------------------------------------------------------------------------------------

export const NAMESPACES = ["apps", "team-b", "ops"];
export const SERVICE_ACCOUNTS = ["default", "builder", "monitor"];
const PSP_NAMES = ["alpha", "bravo", "charlie", "delta", "echo"];
const USERS = ["alice", "bob"];
const GROUP = "devs";

export type SubjectDraft =
  | { type: "all-service-accounts" }
  | { type: "namespace-service-accounts"; ns: number }
  | { type: "service-account"; ns: number; sa: number }
  | { type: "user"; user: number }
  | { type: "group" }
  | { type: "authenticated" };

export interface RoleDraft {
  /** Indices into the PSPs; null = no resourceNames (every PSP). */
  psps: number[] | null;
  apiGroup: "policy" | "extensions" | "*";
}

export interface BindingDraft {
  /** ClusterRoleBinding (cluster-wide) or RoleBinding in `ns` (to the ClusterRole, or to a Role there). */
  kind: "ClusterRoleBinding" | "RoleBinding" | "RoleBindingToRole";
  ns: number;
  role: number;
  subjects: SubjectDraft[];
}

export interface RequesterDraft {
  type: "user" | "group-member" | "service-account" | "nobody";
  n: number;
}

export interface ClusterDraft {
  psps: { base: number; name: string; mutations: PspMutation[] }[];
  namespaces: number;
  roles: RoleDraft[];
  bindings: BindingDraft[];
  requester: RequesterDraft;
}

// Broad subjects weigh more: with narrow grants only, most pods are refused for want of any usable PSP
// and say little about the policies themselves.
const subjectArb: fc.Arbitrary<SubjectDraft> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ type: "all-service-accounts" as const }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("namespace-service-accounts" as const), ns: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("service-account" as const), ns: fc.nat(5), sa: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("user" as const), user: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant({ type: "group" as const }) },
  { weight: 2, arbitrary: fc.constant({ type: "authenticated" as const }) },
);

export function clusterDraftArbitrary(poolSize: number): fc.Arbitrary<ClusterDraft> {
  return fc.record({
    psps: fc.uniqueArray(
      fc.record({
        base: fc.nat(poolSize - 1),
        name: fc.constantFrom(...PSP_NAMES),
        mutations: fc.array(fc.record({ kind: fc.constantFrom(...MUTATION_KINDS), n: fc.nat(15) }), { maxLength: 2 }),
      }),
      { minLength: 2, maxLength: 4, selector: (p) => p.name },
    ),
    namespaces: fc.integer({ min: 1, max: 3 }),
    roles: fc.array(
      fc.record({
        psps: fc.option(fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 3 }), { nil: null, freq: 4 }),
        apiGroup: fc.constantFrom("policy" as const, "policy" as const, "extensions" as const, "*" as const),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    bindings: fc.array(
      fc.record({
        kind: fc.constantFrom(
          "ClusterRoleBinding" as const,
          "ClusterRoleBinding" as const,
          "RoleBinding" as const,
          "RoleBindingToRole" as const,
        ),
        ns: fc.nat(5),
        role: fc.nat(5),
        subjects: fc.array(subjectArb, { minLength: 1, maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    requester: fc.record({
      type: fc.constantFrom("user" as const, "group-member" as const, "service-account" as const, "nobody" as const),
      n: fc.nat(8),
    }),
  });
}

export interface Cluster {
  psps: PspInput[];
  namespaces: string[];
  /** RBAC objects, in case format (apiVersion included). */
  rbac: Obj[];
  requester: { user: string; groups: string[] };
}

const RBAC = "rbac.authorization.k8s.io/v1";
const roleRef = (kind: "ClusterRole" | "Role", name: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind, name });

function subjectOf(s: SubjectDraft, namespaces: readonly string[]): Obj {
  const ns = (i: number) => namespaces[i % namespaces.length] as string;
  const group = (name: string) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });
  switch (s.type) {
    case "all-service-accounts":
      return group("system:serviceaccounts");
    case "namespace-service-accounts":
      return group(`system:serviceaccounts:${ns(s.ns)}`);
    case "service-account":
      return { kind: "ServiceAccount", name: SERVICE_ACCOUNTS[s.sa % SERVICE_ACCOUNTS.length], namespace: ns(s.ns) };
    case "user":
      return { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: USERS[s.user % USERS.length] };
    case "group":
      return group(GROUP);
    case "authenticated":
      return group("system:authenticated");
  }
}

/** The requester as the API server authenticates it (`system:authenticated` added, as requesterIdentity does). */
function requesterOf(r: RequesterDraft, namespaces: readonly string[]): { user: string; groups: string[] } {
  switch (r.type) {
    case "user":
      return { user: USERS[r.n % USERS.length] as string, groups: ["system:authenticated"] };
    case "group-member":
      return { user: "carol", groups: [GROUP, "system:authenticated"] };
    case "service-account": {
      const ns = namespaces[r.n % namespaces.length] as string;
      const sa = SERVICE_ACCOUNTS[Math.floor(r.n / 3) % SERVICE_ACCOUNTS.length] as string;
      return {
        user: `system:serviceaccount:${ns}:${sa}`,
        groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"],
      };
    }
    case "nobody":
      return { user: "mallory", groups: ["system:authenticated"] };
  }
}

export function clusterOf(draft: ClusterDraft, pool: readonly PspInput[]): Cluster {
  const namespaces = NAMESPACES.slice(0, draft.namespaces);
  const psps = draft.psps.map((p) => ({ ...mutatePsp(pool[p.base] as PspInput, p.mutations), name: p.name }));
  const names = psps.map((p) => p.name);
  const rules = (r: RoleDraft) => [
    {
      apiGroups: [r.apiGroup],
      resources: ["podsecuritypolicies"],
      verbs: ["use"],
      ...(r.psps ? { resourceNames: [...new Set(r.psps.map((i) => names[i % names.length] as string))].sort() } : {}),
    },
  ];
  const rbac: Obj[] = draft.roles.map((r, i) => ({
    apiVersion: RBAC,
    kind: "ClusterRole",
    metadata: { name: `psp-use-${i}` },
    rules: rules(r),
  }));
  const roles = new Set<string>();
  draft.bindings.forEach((b, i) => {
    const roleIndex = b.role % draft.roles.length;
    const ns = namespaces[b.ns % namespaces.length] as string;
    const subjects = b.subjects.map((s) => subjectOf(s, namespaces));
    const name = `psp-binding-${i}`;
    if (b.kind === "ClusterRoleBinding") {
      rbac.push({
        apiVersion: RBAC,
        kind: "ClusterRoleBinding",
        metadata: { name },
        roleRef: roleRef("ClusterRole", `psp-use-${roleIndex}`),
        subjects,
      });
      return;
    }
    if (b.kind === "RoleBindingToRole" && !roles.has(`${ns}/${roleIndex}`)) {
      roles.add(`${ns}/${roleIndex}`);
      rbac.push({
        apiVersion: RBAC,
        kind: "Role",
        metadata: { name: `psp-use-${roleIndex}`, namespace: ns },
        rules: rules(draft.roles[roleIndex] as RoleDraft),
      });
    }
    rbac.push({
      apiVersion: RBAC,
      kind: "RoleBinding",
      metadata: { name, namespace: ns },
      roleRef: roleRef(b.kind === "RoleBindingToRole" ? "Role" : "ClusterRole", `psp-use-${roleIndex}`),
      subjects,
    });
  });
  return { psps, namespaces, rbac, requester: requesterOf(draft.requester, namespaces) };
}

/** The cluster as input objects for `bundleFromObjects`: PSPs, Namespaces, RBAC. */
export function clusterObjects(c: Cluster): Obj[] {
  return [
    ...c.psps.map((p) => ({
      apiVersion: "policy/v1beta1",
      kind: "PodSecurityPolicy",
      metadata: { name: p.name, ...(p.annotations ? { annotations: p.annotations } : {}) },
      spec: structuredClone(p.spec),
    })),
    ...c.namespaces.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } })),
    ...structuredClone(c.rbac),
  ];
}

/** The oracle generators' environment for this cluster, so pods sit on its PSPs' boundaries. */
export function environmentOf(c: Cluster): Environment {
  return {
    from: "cluster-fuzz",
    psps: c.psps,
    rbac: c.rbac,
    users: [],
    namespaces: c.namespaces,
    serviceAccounts: SERVICE_ACCOUNTS,
  };
}

/** Conversion options the fuzz varies (the defaults most of the time). */
export interface FuzzOptions {
  style: "auto" | "per-field" | "policy-set";
  mutation: "auto" | "none";
  /** ExpansionTemplates: workloads are reviewed themselves too. */
  workloads: boolean;
}

export const optionsArbitrary: fc.Arbitrary<FuzzOptions> = fc.record({
  style: fc.constantFrom(
    "auto" as const,
    "auto" as const,
    "auto" as const,
    "policy-set" as const,
    "per-field" as const,
  ),
  mutation: fc.constantFrom("auto" as const, "auto" as const, "auto" as const, "none" as const),
  workloads: fc.boolean(),
});

export interface FuzzInput {
  cluster: Cluster;
  options: FuzzOptions;
  /** Bare pods, sent by the cluster's requester. Distinct names (`fuzz-<i>`); some opt out of the token. */
  pods: Pod[];
  /** Deployments (their pods are sent by the ReplicaSet controller; the Deployment by the requester). */
  workloads: Workload[];
}

/** A Deployment whose pod template is `pod` (its labels select it). */
export function deploymentOf(pod: Pod): Workload {
  const name = pod.metadata.name as string;
  const labels = { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: pod.metadata.namespace as string },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, ...(pod.metadata.annotations ? { annotations: pod.metadata.annotations } : {}) },
        spec: pod.spec,
      },
    },
  } as unknown as Workload;
}

const SECCOMP = "seccomp.security.alpha.kubernetes.io/";

function mentionsSeccomp(p: PspInput): boolean {
  return Object.keys(p.annotations ?? {}).some((k) => k.startsWith(SECCOMP));
}

/** Drops every seccomp annotation and field (pod and containers). */
function withoutSeccomp(pod: Pod): void {
  const annotations = pod.metadata.annotations ?? {};
  for (const k of Object.keys(annotations))
    if (k.includes("seccomp.security.alpha.kubernetes.io/")) delete annotations[k];
  delete pod.spec.securityContext?.seccompProfile;
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers])
    delete c.securityContext?.seccompProfile;
}

/**
 * The pod with nothing but its namespace, service account and first container's name and image: what
 * most workloads send, so PSP's defaults (and the converted mutators) decide everything.
 */
function plainPod(from: Pod): Pod {
  const [first] = from.spec.containers;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: from.metadata.name, namespace: from.metadata.namespace },
    spec: {
      ...(from.spec.serviceAccountName ? { serviceAccountName: from.spec.serviceAccountName } : {}),
      containers: [{ name: first?.name ?? "c0", image: first?.image ?? "busybox" }],
    },
  } as Pod;
}

/** Clusters, then 1–`maxPods` pods built from that cluster's vocabulary. */
export function fuzzInputArbitrary(pool: readonly PspInput[], maxPods: number): fc.Arbitrary<FuzzInput> {
  return clusterDraftArbitrary(pool.length)
    .map((d) => clusterOf(d, pool))
    .chain((cluster) =>
      fc
        .tuple(
          optionsArbitrary,
          fc.array(fc.tuple(scenarioArbitrary(environmentOf(cluster)), fc.boolean(), fc.nat(3), fc.nat(3), fc.nat(3)), {
            minLength: 1,
            maxLength: maxPods,
          }),
        )
        .map(([options, drafts]) => {
          const pods: Pod[] = [];
          const workloads: Workload[] = [];
          drafts.forEach(([scenario, automount, keepSeccomp, asWorkload, plain], i) => {
            const pod = plain === 0 ? plainPod(scenario.pod) : structuredClone(scenario.pod);
            pod.metadata.name = `fuzz-${i}`;
            if (!automount) pod.spec.automountServiceAccountToken = false;
            // Where no PSP allows a seccomp profile, any profile is refused; keep a quarter of them.
            if (keepSeccomp > 0 && !cluster.psps.some(mentionsSeccomp)) withoutSeccomp(pod);
            if (asWorkload === 0) workloads.push(deploymentOf(pod));
            else pods.push(pod);
          });
          return { cluster, options, pods, workloads };
        }),
    );
}
