/**
 * Pods across a whole cluster for the golden differential (differential.golden.test.ts): every
 * namespace the plan knows (plus a namespace created after the conversion, which only the default
 * group's `excludedNamespaces` scoping covers), every service account that matters there (`default`,
 * the ones the grants name, the input's), and a catalogue of pod shapes that touch every concern on
 * both sides of typical policy boundaries. Requesters: an ordinary user, the ReplicaSet controller,
 * and each user and group the grants name.
 */

import type { Bundle } from "../packages/core/src/model/bundle.js";
import type { Pod } from "../packages/core/src/model/k8s-types.js";
import type { Plan } from "../packages/core/src/plan/plan.js";

type Obj = Record<string, unknown>;

const container = (securityContext?: Obj, extra: Obj = {}): Obj => ({
  name: "app",
  image: "registry.example/app:1",
  ...(securityContext ? { securityContext } : {}),
  ...extra,
});

/** Name → pod spec (+ annotations). Chosen to exercise each concern's boundaries. */
export const SHAPES: Record<string, { spec: Obj; annotations?: Record<string, string> }> = {
  plain: { spec: { containers: [container()] } },
  "non-root-hardened": {
    spec: {
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        fsGroup: 1000,
        supplementalGroups: [1000],
        seccompProfile: { type: "RuntimeDefault" },
      },
      containers: [
        container({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } }),
      ],
    },
    annotations: { "container.apparmor.security.beta.kubernetes.io/app": "runtime/default" },
  },
  "root-uid": { spec: { containers: [container({ runAsUser: 0 })] } },
  "uid-1500": { spec: { containers: [container({ runAsUser: 1500 })] } },
  "uid-65534": { spec: { securityContext: { runAsUser: 65534, runAsGroup: 65534 }, containers: [container()] } },
  privileged: { spec: { containers: [container({ privileged: true })] } },
  "escalation-true": { spec: { containers: [container({ allowPrivilegeEscalation: true })] } },
  "host-network": {
    spec: {
      hostNetwork: true,
      containers: [container(undefined, { ports: [{ containerPort: 9100, hostPort: 9100 }] })],
    },
  },
  "host-pid-ipc": { spec: { hostPID: true, hostIPC: true, containers: [container()] } },
  "host-path-var-log": {
    spec: {
      volumes: [{ name: "logs", hostPath: { path: "/var/log" } }],
      containers: [container(undefined, { volumeMounts: [{ name: "logs", mountPath: "/logs", readOnly: true }] })],
    },
  },
  "host-path-root": {
    spec: {
      volumes: [{ name: "root", hostPath: { path: "/" } }],
      containers: [container(undefined, { volumeMounts: [{ name: "root", mountPath: "/host" }] })],
    },
  },
  "config-and-secret": {
    spec: {
      volumes: [
        { name: "cfg", configMap: { name: "cfg" } },
        { name: "sec", secret: { secretName: "sec" } },
        { name: "tmp", emptyDir: {} },
      ],
      containers: [container(undefined, { volumeMounts: [{ name: "cfg", mountPath: "/cfg" }] })],
    },
  },
  "pvc-volume": {
    spec: { volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }], containers: [container()] },
  },
  "cap-net-bind": { spec: { containers: [container({ capabilities: { add: ["NET_BIND_SERVICE"] } })] } },
  "cap-sys-admin": { spec: { containers: [container({ capabilities: { add: ["SYS_ADMIN"] } })] } },
  "cap-net-admin": { spec: { containers: [container({ capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] } })] } },
  "fsgroup-0": { spec: { securityContext: { fsGroup: 0 }, containers: [container()] } },
  "seccomp-unconfined": {
    spec: { containers: [container()] },
    annotations: { "seccomp.security.alpha.kubernetes.io/pod": "unconfined" },
  },
  "seccomp-runtime-default": {
    spec: { containers: [container()] },
    annotations: { "seccomp.security.alpha.kubernetes.io/pod": "runtime/default" },
  },
  "apparmor-unconfined": {
    spec: { containers: [container()] },
    annotations: { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" },
  },
  "unsafe-sysctl": {
    spec: { securityContext: { sysctls: [{ name: "net.core.somaxconn", value: "1024" }] }, containers: [container()] },
  },
  "read-only-root": { spec: { containers: [container({ readOnlyRootFilesystem: true })] } },
  "proc-mount-unmasked": { spec: { containers: [container({ procMount: "Unmasked" })] } },
};

export interface Requester {
  user: string;
  groups: string[];
}

export const ORDINARY_USER: Requester = { user: "alice", groups: ["system:authenticated"] };
export const REPLICASET_CONTROLLER: Requester = {
  user: "system:serviceaccount:kube-system:replicaset-controller",
  groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"],
};

/** A namespace no input object names: covered only through the default group's scoping. */
export const FRESH_NAMESPACE = "created-after-migration";

export function requestersOf(plan: Plan): Requester[] {
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const g of plan.groups) {
    for (const p of g.audience) {
      for (const u of p.usableBy.users) users.add(u);
      for (const x of p.usableBy.groups) groups.add(x);
      // A requester that only a grant to the namespace's own service accounts lets in: one of them.
      const ns = g.namespaces?.[0];
      if (p.usableBy.ownNamespaceRequesters && ns) users.add(`system:serviceaccount:${ns}:deployer`);
    }
  }
  const out: Requester[] = [ORDINARY_USER, REPLICASET_CONTROLLER];
  for (const u of [...users].sort()) {
    if (u === REPLICASET_CONTROLLER.user) continue;
    const sa = /^system:serviceaccount:([^:]+):/.exec(u);
    out.push({
      user: u,
      groups: sa
        ? ["system:serviceaccounts", `system:serviceaccounts:${sa[1]}`, "system:authenticated"]
        : ["system:authenticated"],
    });
  }
  for (const g of [...groups].sort()) {
    if (g === "system:authenticated" || g.startsWith("system:serviceaccounts")) continue;
    out.push({ user: `member-of-${g}`, groups: [g, "system:authenticated"] });
  }
  return out;
}

/** (namespace, service accounts) pairs to generate pods for. */
export function namespacesAndServiceAccounts(
  plan: Plan,
  bundle: Bundle,
  exempt: readonly string[],
): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (ns: string, sa: string) => {
    if (exempt.includes(ns)) return;
    const set = out.get(ns) ?? new Set<string>(["default"]);
    set.add(sa);
    out.set(ns, set);
  };
  add(FRESH_NAMESPACE, "default");
  for (const g of plan.groups) {
    for (const ns of g.knownNamespaces) {
      add(ns, "default");
      add(ns, "unprivileged-sa");
      for (const p of g.audience) for (const sa of p.usableBy.serviceAccounts) add(ns, sa);
    }
  }
  for (const s of bundle.serviceAccounts) add(s.object.metadata.namespace ?? "default", s.object.metadata.name);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...v].sort()]));
}

export function clusterPods(
  plan: Plan,
  bundle: Bundle,
  exempt: readonly string[],
  shapes = Object.keys(SHAPES),
): Pod[] {
  const pods: Pod[] = [];
  for (const [ns, sas] of namespacesAndServiceAccounts(plan, bundle, exempt)) {
    for (const sa of sas) {
      for (const shape of shapes) {
        const s = SHAPES[shape];
        if (!s) continue;
        pods.push({
          apiVersion: "v1",
          kind: "Pod",
          metadata: {
            name: `${shape}-${sa}`.slice(0, 63).replace(/-+$/, ""),
            namespace: ns,
            ...(s.annotations ? { annotations: { ...s.annotations } } : {}),
          },
          spec: { serviceAccountName: sa, ...structuredClone(s.spec) },
        } as Pod);
      }
    }
  }
  return pods;
}
