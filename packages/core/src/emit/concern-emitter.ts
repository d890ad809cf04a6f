/**
 * How one PSP concern becomes Gatekeeper artefacts. Each `concerns/<name>/gatekeeper/index.ts` exports
 * `emitter: ConcernEmitter`. The template's CEL and Rego live beside it as `template.cel.yaml` and
 * `template.rego` (written rule for rule as mirror images), and `scripts/generate-template-sources.ts`
 * embeds them into `sources.generated.ts` so the published library carries them.
 *
 * Rules every emitter follows:
 * - Static policy code: PSP values reach CEL/Rego only through constraint `parameters`, validated by
 *   `parametersSchema`. Nothing from the input is ever spliced into CEL or Rego source.
 * - Fail closed: where Gatekeeper cannot express PSP exactly, the emitted policy is at least as
 *   strict as PSP, and a Finding says precisely which pods differ.
 */
import type { Finding } from "../model/findings.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";

/** The sources of one ConstraintTemplate (both engines). */
export interface TemplateSource {
  /** CRD kind, with our prefix, e.g. `Psp2gkRunAsUser`. The template name is its lowercase form. */
  kind: string;
  /** One paragraph for `metadata.annotations.description`. */
  description: string;
  /** openAPIV3Schema of `spec.parameters` (structural: every level typed). */
  parametersSchema: Record<string, unknown>;
  /** YAML text of the K8sNativeValidation `source` (`variables`, `validations`). */
  cel: string;
  /** Rego module (v0-compatible syntax; `future.keywords` imports allowed, `import rego.v1` not). */
  rego: string;
  /** Shared Rego library modules (`package lib.psp2gk.*`) this template imports as `data.lib.*`. */
  regoLibs?: string[];
}

/** Where the mutators for one PSP apply (the caller decides the scope). */
export interface MutatorScope {
  /** Gatekeeper `match` for the mutators (kinds Pod, namespaces / excludedNamespaces, ...). */
  match: Record<string, unknown>;
  /** Prefix for mutator names, e.g. the PSP name (emitters add the concern and field). */
  namePrefix: string;
}

export interface EmittedMutators {
  /** `mutations.gatekeeper.sh/v1` Assign / AssignMetadata / ModifySet objects, complete. */
  mutators: Record<string, unknown>[];
  /** Where the mutators do not reproduce PSP's defaulting exactly. */
  findings: Finding[];
}

export interface ConcernEmitter {
  /** Concern folder name, same as the engine's `Concern.name`. */
  readonly concern: string;
  readonly template: TemplateSource;
  /**
   * Constraint `parameters` that make the template check exactly what this PSP checks for the concern,
   * or `null` when this PSP puts no restriction on the concern (then no constraint is emitted).
   */
  parameters(psp: PodSecurityPolicy): Record<string, unknown> | null;
  /** Mutators reproducing this PSP's defaulting for the concern (empty when it defaults nothing). */
  mutators(psp: PodSecurityPolicy, scope: MutatorScope): EmittedMutators;
  /** Findings about validation for this PSP (approximations), independent of mutation. */
  findings?(psp: PodSecurityPolicy): Finding[];
}

/** Our kind prefix: distinct from gatekeeper-library's `K8sPSP*`, so both can be installed side by side. */
export const KIND_PREFIX = "Psp2gk";
