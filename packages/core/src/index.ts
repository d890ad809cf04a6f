// Public API of @psp2gk/core. Re-exports only; no logic here.

export * from "./model/bundle.js";
export * from "./model/diagnostics.js";
export * from "./model/k8s-types.js";
export * from "./psp/authorizer.js";
export type { Concern } from "./psp/concern.js";
export * from "./psp/field-error.js";
export { type ContainerRef, containersOf, effective } from "./psp/security-context.js";
