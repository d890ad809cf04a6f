// Public API of the offline Gatekeeper simulator. Re-exports only.

export {
  type CelLintProblem,
  type CelSource,
  IGNORED_MATCH_CONDITIONS_FIELD,
  lintCelSource,
  MATCH_CONDITION_FIELD,
  readCelSource,
} from "./cel-source.js";
export {
  type CelOutcome,
  type CelRequestAttributes,
  type CelViolation,
  type CompiledCelTemplate,
  compileCelTemplate,
  evaluateCelTemplate,
  type PreparedReview,
  prepareReview,
} from "./cel-validate.js";
export { fromCelValue, toCelInput } from "./cel-values.js";
export { GatekeeperInputError } from "./errors.js";
export { type Exemptions, exemptionOf, type GatekeeperProcess } from "./exemptions.js";
export {
  type CompiledExpansionTemplate,
  compileExpansionTemplate,
  compileExpansionTemplates,
  type ExpansionOutcome,
  expandObject,
  impliedMessage,
  MAX_EXPANSION_DEPTH,
  type Resultant,
} from "./expansion.js";
export {
  type GroupVersionKind,
  MATCH_SOURCES,
  type MatchResult,
  type MatchSource,
  type MatchSubject,
  matchesGatekeeper,
  type ObjectSource,
  validateMatch,
} from "./match.js";
export type { Change } from "./mutators/changes.js";
export type { CompiledMutator } from "./mutators/compiled-mutator.js";
export { formatLocation, type LocationNode, parseLocation } from "./mutators/location.js";
export {
  compileMutator,
  compileMutators,
  type MutationOutcome,
  type MutationRecord,
  runMutationSystem,
} from "./mutators/mutation-system.js";
export {
  type AdmissionOperation,
  type ConstraintViolation,
  type GatekeeperPolicies,
  GatekeeperSimulator,
  type ObjectReview,
  type ObjectReviewOptions,
  type PodRequest,
  type PodReview,
  reviewPod,
  type WorkloadReview,
} from "./review.js";
export { wildcardMatches } from "./wildcard.js";
