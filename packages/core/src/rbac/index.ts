/**
 * RBAC resolution: who may `use` which PodSecurityPolicy, and where (psp-semantics.md §2).
 * Pure functions over the model types; see README.md.
 */
export { aggregateClusterRoles, type EffectiveRule } from "./aggregation.js";
export {
  ALL_SERVICE_ACCOUNTS,
  ANONYMOUS_USER,
  namespaceServiceAccountsGroup,
  requesterIdentity,
  SYSTEM_AUTHENTICATED,
  SYSTEM_MASTERS,
  SYSTEM_UNAUTHENTICATED,
  serviceAccountUsername,
} from "./identity.js";
export { selectorMatches } from "./label-selector.js";
export { DEFAULT_RBAC_API_VERSION, type PlainRbac, rbacFromObjects, rbacInputFromObjects } from "./plain-objects.js";
export { type RbacModel, resolveRbac } from "./resolve.js";
export { type RulePspAccess, ruleAllowsPspUse, rulePspAccess } from "./rule-match.js";
export type {
  BindingRef,
  Grant,
  GrantBasis,
  GrantScope,
  GrantSubject,
  IdentityRole,
  Positioned,
  RbacInput,
  RoleRefResolved,
  UsablePolicy,
  UsageQuery,
  UsageReason,
} from "./types.js";
