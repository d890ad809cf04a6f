/**
 * The admission guards every assembled template carries (emit/template.ts `ADMISSION_GUARDS`, Rego
 * lib `emit/rego-libs/admission-guards.rego`): PSP never evaluates a DELETE, nor an UPDATE changing
 * only `metadata.ownerReferences` / `metadata.finalizers` (psp-semantics.md §1). Checked over the whole
 * registry: the CEL `matchCondition` (singular: the only key Gatekeeper reads), the Rego lib in `libs`,
 * the imports and every `violation` starting with both rules; and, per concern, through the
 * simulator: a pod violating the concern is denied on CREATE and on a label-change UPDATE, but a
 * DELETE of it and a GC-only UPDATE of it are not.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ConcernEmitter } from "../../src/emit/concern-emitter.js";
import { EMITTERS } from "../../src/emit/emitters.js";
import { REGO_LIBS } from "../../src/emit/rego-libs/sources.generated.js";
import {
  ADMISSION_GUARDS,
  ADMISSION_GUARDS_PACKAGE,
  buildTemplate,
  guardedCelSource,
} from "../../src/emit/template.js";
import { GatekeeperSimulator, lintCelSource, type PodRequest } from "../../src/gatekeeper/index.js";
import { defaultPsp } from "../../src/model/defaults.js";
import type { Pod, PodSecurityPolicy } from "../../src/model/k8s-types.js";
import type { PspInput } from "../../src/model/schemas/psp.js";
import { admit } from "../../src/psp/admit.js";
import { allowAllContext } from "../../src/psp/policy-context.js";
import { permissiveSpec } from "../fixtures/permissive-psp.js";

// biome-ignore lint/suspicious/noExplicitAny: reading nested YAML-shaped objects in assertions
type Json = any;
const GUARD_NAMES = ADMISSION_GUARDS.map((g) => g.name);
const GUARD_LIB = REGO_LIBS["admission-guards.rego"] as string;
const registered = Object.entries(EMITTERS).filter((e): e is [string, ConcernEmitter] => e[1] !== undefined);

describe("the admission guards lib mirrors ADMISSION_GUARDS", () => {
  it("package lib.psp2gk.admission defines one rule per CEL match condition, of the same name", () => {
    expect(GUARD_NAMES).toEqual(["notDelete", "notGcOnlyUpdate"]);
    expect(GUARD_LIB).toMatch(new RegExp(`^package ${ADMISSION_GUARDS_PACKAGE.replace(/\./g, "\\.")}$`, "m"));
    for (const name of GUARD_NAMES) expect(GUARD_LIB).toMatch(new RegExp(`^${name} \\{$`, "m"));
    expect(GUARD_LIB).not.toMatch(/import\s+rego\.v1/);
    expect(lintCelSource({ matchCondition: ADMISSION_GUARDS, validations: [] })).toEqual([]);
  });
});

describe("every assembled template carries the admission guards", () => {
  it("every concern has an emitter", () => {
    expect(registered.map(([name]) => name).sort()).toEqual(Object.keys(EMITTERS).sort());
  });

  for (const [concern, emitter] of registered) {
    describe(concern, () => {
      it("CEL: matchCondition (singular) starts with the guards; the source itself declares none", () => {
        const raw = parse(emitter.template.cel) as Record<string, unknown>;
        expect(raw.matchCondition).toBeUndefined();
        expect(raw.matchConditions).toBeUndefined();
        const target = (buildTemplate(emitter.template) as Json).spec.targets[0];
        const source = target.code[0].source;
        expect(source.matchConditions).toBeUndefined();
        expect(source.matchCondition.slice(0, ADMISSION_GUARDS.length)).toEqual(ADMISSION_GUARDS);
        expect(lintCelSource(source)).toEqual([]);
        expect(guardedCelSource(emitter.template)).toEqual(source);
      });

      it("Rego: imports both guards, the lib is in libs, every violation starts with them", () => {
        const { rego } = emitter.template;
        for (const name of GUARD_NAMES) {
          expect(rego).toMatch(
            new RegExp(`^import data\\.${ADMISSION_GUARDS_PACKAGE.replace(/\./g, "\\.")}\\.${name}$`, "m"),
          );
          expect(rego, `the template must not define ${name} itself`).not.toMatch(new RegExp(`^${name}\\b`, "m"));
        }
        const target = (buildTemplate(emitter.template) as Json).spec.targets[0];
        expect(target.libs).toContain(GUARD_LIB);
        const bodies = rego.split(/^violation\[/m).slice(1);
        expect(bodies.length).toBeGreaterThan(0);
        for (const body of bodies) {
          const lines = body.slice(body.indexOf("{\n") + 2).split("\n");
          expect(lines.slice(0, 2).map((l) => l.trim())).toEqual(GUARD_NAMES);
        }
      });

      it("one engine only: --engine cel keeps the guards in CEL, --engine rego the lib", () => {
        const cel = (buildTemplate(emitter.template, "cel") as Json).spec.targets[0];
        expect(cel.libs).toBeUndefined();
        expect(cel.code[0].source.matchCondition.map((m: { name: string }) => m.name)).toEqual(GUARD_NAMES);
        const rego = (buildTemplate(emitter.template, "rego") as Json).spec.targets[0];
        expect(rego.code).toBeUndefined();
        expect(rego.libs).toContain(GUARD_LIB);
      });
    });
  }
});

const SECCOMP_ALLOWED = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";
const APPARMOR_ALLOWED = "apparmor.security.beta.kubernetes.io/allowedProfileNames";

interface Violating {
  /** PSP spec fields restricting the concern (on top of a PSP permissive in everything). */
  spec?: Record<string, unknown>;
  annotations?: Record<string, string>;
  /** Pod spec (one container `c` unless given) and pod annotations that violate it. */
  pod: Record<string, unknown>;
  podAnnotations?: Record<string, string>;
}

const c = (securityContext: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  containers: [{ name: "c", image: "busybox", securityContext, ...extra }],
});

/** Per concern: a restricting PSP and a pod it refuses (no defaulting can fix it). */
const VIOLATING: Record<string, Violating> = {
  privileged: { spec: { privileged: false }, pod: c({ privileged: true }) },
  "host-namespaces": { spec: { hostPID: false }, pod: { hostPID: true } },
  "host-network-and-ports": { spec: { hostNetwork: false }, pod: { hostNetwork: true } },
  "proc-mount": { spec: { allowedProcMountTypes: ["Default"] }, pod: c({ procMount: "Unmasked" }) },
  "read-only-root-filesystem": { spec: { readOnlyRootFilesystem: true }, pod: c({ readOnlyRootFilesystem: false }) },
  "privilege-escalation": { spec: { allowPrivilegeEscalation: false }, pod: c({ allowPrivilegeEscalation: true }) },
  "runtime-class": {
    spec: { runtimeClass: { allowedRuntimeClassNames: ["gvisor"] } },
    pod: { runtimeClassName: "kata" },
  },
  volumes: { spec: { volumes: ["configMap"] }, pod: { volumes: [{ name: "h", hostPath: { path: "/etc" } }] } },
  "run-as-user": { spec: { runAsUser: { rule: "MustRunAsNonRoot" } }, pod: c({ runAsUser: 0 }) },
  "run-as-group": {
    spec: { runAsGroup: { rule: "MustRunAs", ranges: [{ min: 1000, max: 2000 }] } },
    pod: { securityContext: { runAsGroup: 5 } },
  },
  "fs-group": {
    spec: { fsGroup: { rule: "MustRunAs", ranges: [{ min: 1000, max: 2000 }] } },
    pod: { securityContext: { fsGroup: 5 } },
  },
  "supplemental-groups": {
    spec: { supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 1000, max: 2000 }] } },
    pod: { securityContext: { supplementalGroups: [5] } },
  },
  selinux: {
    spec: { seLinux: { rule: "MustRunAs", seLinuxOptions: { level: "s0:c1,c2" } } },
    pod: { securityContext: { seLinuxOptions: { level: "s0:c9" } } },
  },
  capabilities: { spec: { allowedCapabilities: [] }, pod: c({ capabilities: { add: ["SYS_ADMIN"] } }) },
  seccomp: {
    annotations: { [SECCOMP_ALLOWED]: "runtime/default" },
    pod: { securityContext: { seccompProfile: { type: "Unconfined" } } },
  },
  apparmor: {
    annotations: { [APPARMOR_ALLOWED]: "runtime/default" },
    pod: {},
    podAnnotations: { "container.apparmor.security.beta.kubernetes.io/c": "unconfined" },
  },
  sysctls: {
    spec: { forbiddenSysctls: ["kernel.shm_rmid_forced"] },
    pod: { securityContext: { sysctls: [{ name: "kernel.shm_rmid_forced", value: "1" }] } },
  },
};

function pspFor(v: Violating): PodSecurityPolicy {
  return defaultPsp({
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name: "p", annotations: { [SECCOMP_ALLOWED]: "*", ...v.annotations } },
    spec: structuredClone({ ...permissiveSpec(), ...v.spec }),
  } as unknown as PspInput);
}

function podFor(v: Violating): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "p",
      namespace: "ns1",
      uid: "0b0c",
      ...(v.podAnnotations ? { annotations: v.podAnnotations } : {}),
    },
    spec: { containers: [{ name: "c", image: "busybox" }], ...structuredClone(v.pod) },
  };
}

function withMetadata(pod: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(pod);
  copy.metadata = { ...(copy.metadata as Record<string, unknown>), ...extra };
  return copy;
}

const GC_EDITS: Record<string, Record<string, unknown>> = {
  "adds a finalizer": { finalizers: ["example.com/cleanup"] },
  "sets ownerReferences": {
    ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "1a2b", controller: true }],
  },
};

describe("through the assembled templates: DELETE and GC-only UPDATE of a violating pod are not denied", () => {
  it("every concern has a violating pod here", () => {
    expect(Object.keys(VIOLATING).sort()).toEqual(registered.map(([name]) => name).sort());
  });

  for (const [concern, emitter] of registered) {
    const v = VIOLATING[concern];
    if (!v) continue;
    describe(concern, () => {
      const psp = pspFor(v);
      const parameters = emitter.parameters(psp);
      // Template + constraint only: what is checked is the validating side (mutators don't change
      // an explicit violating value).
      const simulator = new GatekeeperSimulator({
        templates: [buildTemplate(emitter.template)],
        constraints:
          parameters === null
            ? []
            : [
                {
                  apiVersion: "constraints.gatekeeper.sh/v1beta1",
                  kind: emitter.template.kind,
                  metadata: { name: "p" },
                  spec: { match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] }, parameters },
                },
              ],
      });
      const stored = podFor(v);
      const review = (pod: Record<string, unknown>, request: Omit<PodRequest, "userInfo">) =>
        simulator.reviewPod(pod, { userInfo: { username: "u" }, ...request });
      const pspAllows = (pod: Record<string, unknown>, oldPod?: Record<string, unknown>) =>
        admit(
          structuredClone(pod) as unknown as Pod,
          {
            operation: oldPod ? "update" : "create",
            user: { user: "u", groups: [] },
            ...(oldPod ? { oldPod: structuredClone(oldPod) as unknown as Pod } : {}),
          },
          allowAllContext([psp]),
        ).rejectedBy !== "psp-admission";

      it("the pod violates: PSP and Gatekeeper deny its CREATE", () => {
        expect(parameters).not.toBeNull();
        expect(pspAllows(stored)).toBe(false);
        const r = review(stored, { operation: "CREATE" });
        expect(r.allowed, JSON.stringify(r.violations)).toBe(false);
        expect(r.violations.flatMap((x) => x.messages).join("\n")).not.toMatch(/matchCondition/);
      });

      it("a label change of the stored violating pod is still denied (like PSP)", () => {
        const updated = withMetadata(stored, { labels: { app: "x" } });
        expect(pspAllows(updated, stored)).toBe(false);
        expect(review(updated, { operation: "UPDATE", oldPod: stored }).allowed).toBe(false);
      });

      it("its DELETE is not denied (delete operations enabled)", () => {
        const r = review(stored, { operation: "DELETE", oldPod: stored, validateDeletes: true });
        expect(r.violations).toEqual([]);
        expect(r.allowed).toBe(true);
      });

      for (const [what, edit] of Object.entries(GC_EDITS)) {
        it(`a GC-only UPDATE that ${what} is not denied (PSP skips it too)`, () => {
          const updated = withMetadata(stored, edit);
          expect(pspAllows(updated, stored)).toBe(true);
          const r = review(updated, { operation: "UPDATE", oldPod: stored });
          expect(r.violations).toEqual([]);
          expect(r.allowed).toBe(true);
          // And removing it again (the finalizer removed before deletion) is GC-only as well.
          expect(review(stored, { operation: "UPDATE", oldPod: updated }).allowed).toBe(true);
        });
      }
    });
  }
});
