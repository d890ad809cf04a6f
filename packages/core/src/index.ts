// Public API of @psp2gk/core. Re-exports only; no logic here.

// Stages the CLI drives (added for packages/cli; re-exports only).
export { CONCERNS } from "./concerns/index.js";
export * from "./convert/index.js";
export type { ConcernEmitter, EmittedMutators, MutatorScope, TemplateSource } from "./emit/concern-emitter.js";
export { EMITTERS } from "./emit/emitters.js";
export { EXPAND_CRONJOBS, EXPAND_WORKLOADS, workloadExpansionTemplates } from "./emit/expansion.js";
export { gatorSuite, SUITE_FILE, type SuiteInput } from "./emit/gator-suite.js";
export { type FileMap, outputFiles, outputStream } from "./emit/layout.js";
export { resourceName } from "./emit/names.js";
export {
  DEFAULT_EXEMPT_NAMESPACES,
  type EmitScope,
  ENFORCEMENT_ACTIONS,
  type EnforcementAction,
} from "./emit/scope.js";
export { buildTemplate, type TemplateEngine } from "./emit/template.js";
export { sortKeys, toYaml, toYamlStream } from "./emit/yaml-out.js";
export * from "./gatekeeper/index.js";
export { buildBundle, bundleFromObjects, type LoadOptions, loadInputs, parseText, STDIN_NAME } from "./load/index.js";
export * from "./model/bundle.js";
export { defaultPsp } from "./model/defaults.js";
export * from "./model/diagnostics.js";
export { type Finding, type FindingLevel, sortFindings } from "./model/findings.js";
export * from "./model/k8s-types.js";
export { checkPsp, validatePsp } from "./model/psp-validation.js";
export * from "./psp/admission-types.js";
export { admit, requestNamespace, VALIDATED_PSP_ANNOTATION } from "./psp/admit.js";
export * from "./psp/authorizer.js";
export type { Concern } from "./psp/concern.js";
export * from "./psp/field-error.js";
export { inertReason } from "./psp/inert.js";
export { applyMutations, diffPods } from "./psp/pod-diff.js";
export { allowAllContext } from "./psp/policy-context.js";
export { type ContainerRef, containersOf, effective } from "./psp/security-context.js";
export { coversUnchanged, type Shadowing, shadowedBy, uncoveredConcerns } from "./psp/shadowing.js";
export { isBefore, type VersionSkew, versionSkew } from "./psp/version-skew.js";
export * from "./rbac/index.js";
export {
  type ConversionReport,
  REPORT_SCHEMA_VERSION,
  type ReportGrant,
  type ReportGroup,
  type ReportUsableBy,
} from "./report/model.js";
export { renderReportMarkdown } from "./report/render.js";
export { diffViews, effectiveView, type PodView } from "./verify/effective-view.js";
// verify: pods through the PSP engine and through the converted policies (src/verify/index.ts).
export * from "./verify/index.js";
