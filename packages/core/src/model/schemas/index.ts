/** zod schemas of every input kind psp2gk reads; see ../README.md. */
export * from "./common.js";
export * from "./core.js";
export { formatPath, issuesToFieldErrors, type PathSegment, parsePath } from "./issues.js";
export * from "./psp.js";
export * from "./rbac.js";
export * from "./workloads.js";
