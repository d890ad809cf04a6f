/**
 * Effective security-context values, as Kubernetes' `pkg/securitycontext/accessors.go` computes them:
 * a container's own value wins, else the pod-level twin — only for the four fields that have one
 * (runAsUser, runAsGroup, runAsNonRoot, seLinuxOptions). Setters write a container value only when it
 * differs from the effective (inherited) value, which is why a pod-level value suppresses container
 * defaults (psp-semantics.md §4).
 */
import type { Container, ContainerListName, Pod, SELinuxOptions, SecurityContext } from "../model/k8s-types.js";
import { CONTAINER_LISTS } from "../model/k8s-types.js";

/** A container with its place in the pod, e.g. path `spec.initContainers[1]`. */
export interface ContainerRef {
  container: Container;
  list: ContainerListName;
  index: number;
  path: string;
}

/** Init containers, then containers, then ephemeral containers: the order the provider visits them. */
export function containersOf(pod: Pod): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const cs = pod.spec[list] ?? [];
    cs.forEach((container, index) => {
      out.push({ container, list, index, path: `spec.${list}[${index}]` });
    });
  }
  return out;
}

type InheritedField = "runAsUser" | "runAsGroup" | "runAsNonRoot" | "seLinuxOptions";

export function effective<F extends InheritedField>(pod: Pod, c: Container, field: F): SecurityContext[F] | undefined {
  const own = c.securityContext?.[field];
  if (own !== undefined && own !== null) return own;
  const inherited = pod.spec.securityContext?.[field];
  return inherited === null ? undefined : (inherited as SecurityContext[F] | undefined);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Write a container security-context field the way the accessor's setter does: only if it differs
 * from the effective value. Creates `securityContext` only when something is written.
 */
export function setContainerInherited<F extends InheritedField>(
  pod: Pod,
  c: Container,
  field: F,
  value: SecurityContext[F],
): void {
  if (sameValue(effective(pod, c, field), value)) return;
  c.securityContext ??= {};
  c.securityContext[field] = value;
}

/** Write a container-only security-context field (no pod twin) when it is missing. */
export function setContainerOwn<F extends Exclude<keyof SecurityContext, InheritedField>>(
  c: Container,
  field: F,
  value: SecurityContext[F],
): void {
  c.securityContext ??= {};
  c.securityContext[field] = value;
}

export type { SELinuxOptions };
