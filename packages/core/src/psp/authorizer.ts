/**
 * Who may `use` which PSP. The admission engine asks this; the RBAC resolver (`../rbac`) implements
 * it from Roles and bindings, and `allowAll` mirrors the upstream tests' nil authorizer.
 */
export interface Identity {
  /** e.g. `system:serviceaccount:ns:sa`, `alice`, `system:node:n1`. */
  user: string;
  groups: string[];
}

export interface Authorizer {
  /**
   * Is `identity` allowed verb `use` on podsecuritypolicies `psp` in `namespace`, for API group
   * `policy` or `extensions` (admission asks both)? `system:masters` is allowed everything.
   */
  canUse(identity: Identity, psp: string, namespace: string): boolean;
}

export const allowAll: Authorizer = { canUse: () => true };

/** The synthetic identity admission builds for a pod's service account (no system:authenticated). */
export function serviceAccountIdentity(namespace: string, serviceAccount: string): Identity {
  return {
    user: `system:serviceaccount:${namespace}:${serviceAccount}`,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`],
  };
}
