/**
 * Shadowing for seccomp. Profiles are compared in their annotation form (`runtime/default` ≡
 * `docker/default`, as policy.ts expands them).
 *
 * - `policy` with a defaultProfileName writes it into a pod without a pod profile, and every PSP
 *   admits some such pod or fills it itself, so: never covers (conservative).
 * - Otherwise `policy` writes only what *every* PSP writes: a pod `seccompProfile` field copied into
 *   the pod annotation (defaulting.ts). That copy depends on the pod alone, so it does not decide
 *   between PSPs (all of them mutate such a pod; name order decides) and is not counted as a change
 *   here; `psp/shadowing.ts` relies on the shadowing PSP sorting first for exactly this reason.
 * - `policy` must then allow every profile a pod or container may carry under `other`: each profile
 *   `other` allows (`*` = any, which only `*` covers), plus "" (no profile) when `other` admits it or
 *   fills it with its default.
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";
import { profileAllowed, type SeccompPolicy, seccompPolicy } from "./policy.js";

/** validation.ts checkProfile without the messages: is this profile admitted? */
function admits(policy: SeccompPolicy, profile: string): boolean {
  if (!policy.allowAny && (policy.allowed?.size ?? 0) === 0 && profile !== "") return false;
  return profileAllowed(policy, profile);
}

export function coversSeccomp(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  const mine = seccompPolicy(policy);
  const theirs = seccompPolicy(other);
  if (mine.defaultProfile !== "") return false;
  if ((admits(theirs, "") || theirs.defaultProfile !== "") && !admits(mine, "")) return false;
  if (theirs.allowAny) return mine.allowAny;
  return [...(theirs.allowed ?? [])].every((p) => admits(mine, p));
}
