/**
 * Identities admission asks RBAC about, and the built-in groups that matter for PSP grants
 * (psp-semantics.md §2.1, §2.3).
 */
import type { Identity } from "../psp/authorizer.js";

/** Members may do anything: the API server's privileged-group authorizer runs beside RBAC. */
export const SYSTEM_MASTERS = "system:masters";
export const SYSTEM_AUTHENTICATED = "system:authenticated";
export const SYSTEM_UNAUTHENTICATED = "system:unauthenticated";
export const ANONYMOUS_USER = "system:anonymous";
export const ALL_SERVICE_ACCOUNTS = "system:serviceaccounts";
const SA_USER_PREFIX = "system:serviceaccount:";
const SA_GROUP_PREFIX = "system:serviceaccounts:";

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_USER_PREFIX}${namespace}:${name}`;
}

/** `system:serviceaccounts:<ns>`: every service account of one namespace. */
export function namespaceServiceAccountsGroup(namespace: string): string {
  return `${SA_GROUP_PREFIX}${namespace}`;
}

/** `{namespace, name}` of a service-account username, or undefined for any other user. */
export function parseServiceAccountUsername(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SA_USER_PREFIX)) return undefined;
  const rest = user.slice(SA_USER_PREFIX.length);
  const colon = rest.indexOf(":");
  // Namespace and name are DNS labels/subdomains and never contain ':'.
  if (colon <= 0 || colon === rest.length - 1 || rest.indexOf(":", colon + 1) !== -1) return undefined;
  return { namespace: rest.slice(0, colon), name: rest.slice(colon + 1) };
}

/** The namespace of a `system:serviceaccounts:<ns>` group, or undefined for any other group. */
export function parseNamespaceServiceAccountsGroup(group: string): string | undefined {
  if (!group.startsWith(SA_GROUP_PREFIX)) return undefined;
  const ns = group.slice(SA_GROUP_PREFIX.length);
  return ns.length > 0 ? ns : undefined;
}

/**
 * The identity of a real, authenticated requester as the API server presents it: the API server's
 * authenticated-group adder (apiserver `authentication/group/authenticated_group_adder.go`) appends
 * `system:authenticated` unless the user is `system:anonymous` or the groups already hold
 * `system:authenticated` or `system:unauthenticated`. The synthetic service-account identity admission
 * builds (`serviceAccountIdentity`) deliberately does NOT go through this.
 */
export function requesterIdentity(user: string, groups: readonly string[] = []): Identity {
  const out = [...groups];
  const exempt = user === ANONYMOUS_USER || out.includes(SYSTEM_AUTHENTICATED) || out.includes(SYSTEM_UNAUTHENTICATED);
  if (!exempt) out.push(SYSTEM_AUTHENTICATED);
  return { user, groups: out };
}
