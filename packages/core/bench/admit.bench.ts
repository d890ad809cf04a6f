/**
 * Replay benchmark: 25,000 pod admissions (a handful of pod shapes, repeated) against a realistic PSP
 * set — restricted, baseline-like, mutating and privileged policies with RBAC-like authorization.
 * Run: `pnpm bench` (vitest bench). Each bench iteration admits all 25k pods; the heap is sampled
 * after a forced GC before and after the runs to show that admit keeps no per-call state (memory
 * stays flat). The GC is only reachable with `NODE_OPTIONS=--expose-gc pnpm bench`; without it the
 * heap figure includes uncollected garbage and says so.
 */
import { bench, describe } from "vitest";
import type { Pod, PodSecurityPolicy, PspSpec } from "../src/model/k8s-types.js";
import type { PolicyContext } from "../src/psp/admission-types.js";
import { admit } from "../src/psp/admit.js";
import type { Authorizer } from "../src/psp/authorizer.js";
import { openSpec } from "../test/fixtures/permissive-psp.js";

function psp(name: string, spec: Partial<PspSpec>): PodSecurityPolicy {
  return {
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name },
    spec: { ...openSpec(), ...spec },
  };
}

const PSPS: PodSecurityPolicy[] = [
  psp("restricted", {
    allowPrivilegeEscalation: false,
    requiredDropCapabilities: ["ALL"],
    runAsUser: { rule: "MustRunAsNonRoot" },
    fsGroup: { rule: "MustRunAs", ranges: [{ min: 1, max: 65535 }] },
    supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 1, max: 65535 }] },
    volumes: ["configMap", "emptyDir", "projected", "secret", "downwardAPI", "persistentVolumeClaim"],
    readOnlyRootFilesystem: false,
  }),
  psp("baseline", {
    volumes: ["configMap", "emptyDir", "projected", "secret", "downwardAPI", "persistentVolumeClaim"],
  }),
  psp("hostnet", { hostNetwork: true, hostPorts: [{ min: 0, max: 65535 }] }),
  psp("privileged", {
    privileged: true,
    hostNetwork: true,
    hostPID: true,
    hostIPC: true,
    allowedCapabilities: ["*"],
    hostPorts: [{ min: 0, max: 65535 }],
  }),
];

/** kube-system may use everything; every other namespace only restricted and baseline. */
const authorizer: Authorizer = {
  canUse: (_id, name, namespace) => namespace === "kube-system" || name === "restricted" || name === "baseline",
};
const context: PolicyContext = { psps: PSPS, authorizer };

const SHAPES: Pod[] = [
  {
    metadata: { name: "web", namespace: "app" },
    spec: {
      serviceAccountName: "default",
      containers: [{ name: "web", image: "nginx", ports: [{ containerPort: 80 }] }],
      volumes: [{ name: "cfg", configMap: { name: "web" } }],
    },
  },
  {
    metadata: { name: "api", namespace: "app" },
    spec: {
      serviceAccountName: "api",
      securityContext: { runAsUser: 1000, fsGroup: 2000 },
      initContainers: [{ name: "migrate", image: "api" }],
      containers: [{ name: "api", image: "api", securityContext: { allowPrivilegeEscalation: false } }],
    },
  },
  {
    metadata: { name: "node-exporter", namespace: "kube-system" },
    spec: {
      serviceAccountName: "node-exporter",
      hostNetwork: true,
      hostPID: true,
      containers: [{ name: "exp", image: "exp", ports: [{ containerPort: 9100, hostPort: 9100 }] }],
      volumes: [{ name: "proc", hostPath: { path: "/proc" } }],
    },
  },
  {
    metadata: { name: "bad", namespace: "app" },
    spec: {
      serviceAccountName: "default",
      containers: [{ name: "c", image: "x", securityContext: { privileged: true } }],
    },
  },
];

const PODS = 25_000;
const user = { user: "system:serviceaccount:kube-system:replicaset-controller", groups: ["system:authenticated"] };

function replay(): number {
  let admitted = 0;
  for (let i = 0; i < PODS; i++) {
    const pod = SHAPES[i % SHAPES.length] as Pod;
    if (admit(pod, { operation: "create", user }, context).allowed) admitted++;
  }
  return admitted;
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

describe("admit replay", () => {
  replay(); // warm-up: fills the per-PSP-list cache once
  const heapBefore = heapMb();
  let runs = 0;
  bench(
    `${PODS} pods (4 shapes, 4 PSPs)`,
    () => {
      replay();
      runs++;
    },
    {
      iterations: 5,
      teardown: () => {
        const grown = heapMb() - heapBefore;
        const note = gc ? "after GC" : "no --expose-gc: includes garbage";
        console.log(`after ${runs} replays of ${PODS} pods: heap ${grown.toFixed(2)} MB above start (${note})`);
      },
    },
  );
});
