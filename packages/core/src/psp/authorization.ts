/**
 * Who is asked whether a PSP may be used (psp-semantics.md §2.1): the pod's service account first,
 * then the requesting user. `Authorizer.canUse` answers for both API groups (`policy`, `extensions`).
 */
import type { Pod } from "../model/k8s-types.js";
import { type Authorizer, type Identity, serviceAccountIdentity } from "./authorizer.js";

/**
 * The pod's service account name as the internal Pod carries it. The v1→internal conversion
 * (Convert_v1_PodSpec_To_core_PodSpec) copies the deprecated `spec.serviceAccount` alias into
 * `serviceAccountName` when the latter is empty, so admission sees the alias too.
 */
export function serviceAccountNameOf(pod: Pod): string {
  return pod.spec.serviceAccountName || pod.spec.serviceAccount || "";
}

/** The identities admission asks about, in order; an empty SA name gives no SA identity. */
export function requestIdentities(pod: Pod, namespace: string, user: Identity | undefined): Identity[] {
  const out: Identity[] = [];
  const sa = serviceAccountNameOf(pod);
  if (sa) out.push(serviceAccountIdentity(namespace, sa));
  if (user) out.push(user);
  return out;
}

export function isAuthorizedForPolicy(
  authorizer: Authorizer,
  identities: readonly Identity[],
  psp: string,
  namespace: string,
): boolean {
  return identities.some((id) => authorizer.canUse(id, psp, namespace));
}
