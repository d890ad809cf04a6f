/**
 * Test helper for the identity and security-option concerns: a minimal, faithful re-run of what
 * Kubernetes' provider does with ONE PSP — deep copy, pod-level defaults, container defaults for
 * every container (init, regular, ephemeral), then pod-level and container-level validation —
 * restricted to the concerns under test, so these tests do not depend on the other concerns or on
 * the admission engine (which has its own runner over the same cases).
 */
import { concern as apparmor } from "../../../src/concerns/apparmor/index.js";
import { concern as capabilities } from "../../../src/concerns/capabilities/index.js";
import { concern as fsGroup } from "../../../src/concerns/fs-group/index.js";
import { concern as runAsGroup } from "../../../src/concerns/run-as-group/index.js";
import { concern as runAsUser } from "../../../src/concerns/run-as-user/index.js";
import { concern as seccomp } from "../../../src/concerns/seccomp/index.js";
import { concern as selinux } from "../../../src/concerns/selinux/index.js";
import { concern as supplementalGroups } from "../../../src/concerns/supplemental-groups/index.js";
import type { Pod, PodSecurityPolicy, PspSpec } from "../../../src/model/k8s-types.js";
import type { Concern } from "../../../src/psp/concern.js";
import { type FieldError, formatFieldError } from "../../../src/psp/field-error.js";
import { containersOf } from "../../../src/psp/security-context.js";

/** The eight concerns, in the registry's (Kubernetes provider) order. */
export const OUR_CONCERNS: readonly Concern[] = [
  supplementalGroups,
  fsGroup,
  selinux,
  seccomp,
  runAsUser,
  runAsGroup,
  apparmor,
  capabilities,
];

export interface OnePspOutcome {
  /** The defaulted copy. */
  pod: Pod;
  errors: FieldError[];
  /** The errors rendered the way Kubernetes prints them. */
  messages: string[];
  /** Did defaulting change the pod? */
  mutated: boolean;
}

/** Default then validate a copy of `pod` under `psp` with `concerns` (default: all eight). */
export function defaultThenValidate(
  pod: Pod,
  psp: PodSecurityPolicy,
  concerns: readonly Concern[] = OUR_CONCERNS,
): OnePspOutcome {
  const copy = structuredClone(pod);
  for (const c of concerns) c.defaultPod?.(copy, psp);
  for (const ref of containersOf(copy)) {
    for (const c of concerns) c.defaultContainer?.(copy, ref.container, psp);
  }
  const errors: FieldError[] = [];
  for (const c of concerns) errors.push(...(c.validatePod?.(copy, psp) ?? []));
  for (const ref of containersOf(copy)) {
    for (const c of concerns) errors.push(...(c.validateContainer?.(copy, ref, psp) ?? []));
  }
  return { pod: copy, errors, messages: errors.map(formatFieldError), mutated: !sameJson(pod, copy) };
}

/** Only validate (no defaulting), as the validating pass sees a pod that needs no change. */
export function validateOnlyErrors(
  pod: Pod,
  psp: PodSecurityPolicy,
  concerns: readonly Concern[] = OUR_CONCERNS,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const c of concerns) errors.push(...(c.validatePod?.(pod, psp) ?? []));
  for (const ref of containersOf(pod)) {
    for (const c of concerns) errors.push(...(c.validateContainer?.(pod, ref, psp) ?? []));
  }
  return errors;
}

/** `validateOnlyErrors`, rendered as Kubernetes prints them. */
export function validateOnly(pod: Pod, psp: PodSecurityPolicy, concerns: readonly Concern[] = OUR_CONCERNS): string[] {
  return validateOnlyErrors(pod, psp, concerns).map(formatFieldError);
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** A PSP that allows everything our concerns govern; `spec` and `annotations` override it. */
export function makePsp(
  spec: Partial<PspSpec> = {},
  annotations?: Record<string, string>,
  name = "p",
): PodSecurityPolicy {
  return {
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: annotations ? { name, annotations } : { name },
    spec: {
      allowPrivilegeEscalation: true,
      runAsUser: { rule: "RunAsAny" },
      seLinux: { rule: "RunAsAny" },
      fsGroup: { rule: "RunAsAny" },
      supplementalGroups: { rule: "RunAsAny" },
      volumes: ["*"],
      ...spec,
    },
  };
}

/** A pod with the given spec parts; one plain container `c` unless containers are given. */
export function makePod(spec: Partial<Pod["spec"]> = {}, annotations?: Record<string, string>): Pod {
  return {
    metadata: annotations ? { name: "p", namespace: "ns1", annotations } : { name: "p", namespace: "ns1" },
    spec: { serviceAccountName: "default", containers: [{ name: "c", image: "busybox" }], ...spec },
  };
}

/**
 * Write `path → value` mutations (case format: `spec.containers[0].securityContext.runAsUser`,
 * `metadata.annotations["k"]`) into a copy of `pod`, creating parents, to build expected pods.
 */
export function withMutations<T>(pod: T, mutations: Record<string, unknown>): T {
  const copy = structuredClone(pod) as Record<string | number, unknown>;
  for (const [path, value] of Object.entries(mutations)) {
    const steps = [...path.matchAll(/\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)].map((m) =>
      m[1] !== undefined ? m[1] : m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3] as string) as string),
    );
    let node = copy;
    steps.forEach((step, i) => {
      if (i === steps.length - 1) {
        node[step] = structuredClone(value);
        return;
      }
      if (typeof node[step] !== "object" || node[step] === null)
        node[step] = typeof steps[i + 1] === "number" ? [] : {};
      node = node[step] as Record<string | number, unknown>;
    });
  }
  return copy as T;
}
