/**
 * Shadowing for sysctls (no defaulting). A name `other` admits is either a safe sysctl it does not
 * forbid, or a name matching its allowedUnsafeSysctls (and not forbidden). `policy` must admit each:
 * - a safe sysctl `other` admits must not be forbidden by `policy`;
 * - each `other` unsafe pattern must lie inside one of `policy`'s unsafe patterns, and no `policy`
 *   forbidden pattern may meet it, unless that forbidden pattern lies inside one `other` forbids too.
 * Patterns are `prefix*` or exact names (patterns.ts). `other`'s own forbidden list is otherwise
 * ignored (that only makes the answer more conservative).
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";
import { matchesAnySysctlPattern, SAFE_SYSCTLS } from "./patterns.js";

type Pattern = { prefix: string; exact: boolean };

const parse = (p: string): Pattern =>
  p.endsWith("*") ? { prefix: p.slice(0, -1), exact: false } : { prefix: p, exact: true };

/** Every name `inner` matches, `outer` matches. */
function contains(outer: Pattern, inner: Pattern): boolean {
  if (outer.exact) return inner.exact && inner.prefix === outer.prefix;
  return inner.prefix.startsWith(outer.prefix);
}

/** Some name matches both. */
function meets(a: Pattern, b: Pattern): boolean {
  if (a.exact && b.exact) return a.prefix === b.prefix;
  if (a.exact) return a.prefix.startsWith(b.prefix);
  if (b.exact) return b.prefix.startsWith(a.prefix);
  return a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix);
}

export function coversSysctls(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  const myForbidden = policy.spec.forbiddenSysctls ?? [];
  const theirForbidden = other.spec.forbiddenSysctls ?? [];
  for (const s of SAFE_SYSCTLS) {
    if (!matchesAnySysctlPattern(s, theirForbidden) && matchesAnySysctlPattern(s, myForbidden)) return false;
  }
  const mineAllowed = (policy.spec.allowedUnsafeSysctls ?? []).map(parse);
  const theirsForbidden = theirForbidden.map(parse);
  const harmful = myForbidden.map(parse).filter((f) => !theirsForbidden.some((g) => contains(g, f)));
  return (other.spec.allowedUnsafeSysctls ?? [])
    .map(parse)
    .every((p) => mineAllowed.some((q) => contains(q, p)) && !harmful.some((f) => meets(f, p)));
}
