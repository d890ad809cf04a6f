/**
 * Shadowing for capabilities. Every PSP admits a container without a capabilities object (it
 * writes its defaults into it), so `policy` covers only when it has no defaultAddCapabilities and no
 * requiredDropCapabilities (it would write them). Then it refuses only added capabilities it does not
 * allow: it must allow `*`, or every capability `other` lets a container add (its defaults and its
 * allowed list; `other` with `*` lets anything through).
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";
import { ALLOW_ALL_CAPABILITIES } from "./validation.js";

export function coversCapabilities(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  if ((policy.spec.defaultAddCapabilities ?? []).length > 0) return false;
  if ((policy.spec.requiredDropCapabilities ?? []).length > 0) return false;
  const mine = policy.spec.allowedCapabilities ?? [];
  if (mine.includes(ALLOW_ALL_CAPABILITIES)) return true;
  const theirs = other.spec.allowedCapabilities ?? [];
  if (theirs.includes(ALLOW_ALL_CAPABILITIES)) return false;
  return [...(other.spec.defaultAddCapabilities ?? []), ...theirs].every((c) => mine.includes(c));
}
