// Public API of verify: replaying pods through the PSP engine and through converted policies. Re-exports only.

export {
  prepareForCreate,
  type ServiceAccountAdmission,
  serviceAccountAdmission,
  TOKEN_MOUNT_PATH,
} from "./api-server.js";
export {
  type Classification,
  type ConversionFacts,
  classify,
  constraintConcernsOf,
  type Difference,
  type DisagreementKind,
} from "./classify.js";
export {
  type ConvertedFile,
  ConvertedInputError,
  type ConvertedOutput,
  readConvertedOutput,
} from "./converted.js";
export { type ContainerView, concernOfField, diffViews, effectiveView, type PodView } from "./effective-view.js";
export { renderVerifyMarkdown, renderVerifyText } from "./render.js";
export {
  type GatekeeperDenial,
  type GatekeeperOutcome,
  type GatekeeperPolicySet,
  type ReplayRequest,
  replayGatekeeper,
  type Simulators,
  simulatorsOf,
} from "./replay.js";
export {
  CONTROLLER_OF_OWNER,
  controllerIdentity,
  DEFAULT_REQUESTER,
  type Requester,
  requesterOf,
  workloadRequesterOf,
} from "./requester.js";
export {
  type ConvertedPolicies,
  type PodVerdict,
  type PspAnnotationCheck,
  type VerifyCounts,
  type VerifyOptions,
  type VerifyResult,
  verifyPods,
  type WorkloadCounts,
} from "./verify.js";
export type { WorkloadVerdict } from "./workload-review.js";
export { podFromWorkload, podTemplateOf } from "./workloads.js";
