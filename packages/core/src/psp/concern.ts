/**
 * One PSP concern (a group of PSP fields: run-as-user, volumes, sysctls, ...) as the admission engine
 * sees it. Each `concerns/<name>/` folder exports one `Concern`; `concerns/index.ts` lists them in the
 * order Kubernetes' provider runs them, and `psp/admit.ts` composes them. Later stages (emission,
 * docs) extend the same folder, so a field's whole story lives in one place.
 */
import type { Container, Pod, PodSecurityPolicy } from "../model/k8s-types.js";
import type { FieldError } from "./field-error.js";
import type { ContainerRef } from "./security-context.js";

export interface Concern {
  /** Folder name, e.g. `run-as-user`. */
  readonly name: string;
  /** PSP spec fields (`spec.x`) and annotation keys (`metadata.annotations[k]`) this concern owns. */
  readonly pspFields: readonly string[];
  /**
   * Why Kubernetes could not build this strategy from the PSP (the PSP is then silently skipped by
   * admission), e.g. "runAsUser.rule MustRunAs requires at least one range". Undefined when fine.
   */
  inertReason?(psp: PodSecurityPolicy): string | undefined;
  /** Can this PSP's settings for this concern ever change a pod? (for "is this PSP mutating") */
  mayMutate?(psp: PodSecurityPolicy): boolean;
  /** Pod-level defaulting, applied to the deep copy before any container defaulting. */
  defaultPod?(pod: Pod, psp: PodSecurityPolicy): void;
  /** Container-level defaulting, for each container in `containersOf` order, after all pod defaulting. */
  defaultContainer?(pod: Pod, container: Container, psp: PodSecurityPolicy): void;
  /** Pod-level validation of the (mutated) pod. */
  validatePod?(pod: Pod, psp: PodSecurityPolicy): FieldError[];
  /** Container-level validation; `ref.path` is e.g. `spec.initContainers[0]`. */
  validateContainer?(pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[];
  /**
   * Shadowing analysis, for this concern's fields only: true when it is *certain* that every pod
   * `other` admits (after `other`'s defaulting) is admitted by `policy` *unchanged* (policy's
   * defaulting writes nothing and its validation passes). False when unsure: the answer feeds
   * "policy X makes policy Y irrelevant" findings and output simplification, so it must never
   * claim coverage that does not hold. Absent = the concern cannot tell (treated as false).
   */
  coversUnchanged?(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean;
}
