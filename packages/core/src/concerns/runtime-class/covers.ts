/**
 * Shadowing for runtimeClass. Every PSP admits a pod without runtimeClassName, so `policy` with a
 * defaultRuntimeClassName (which it would write) never covers. Without a strategy `policy` checks
 * nothing; with one it must allow `*` or every name `other` allows (`other` without a strategy, or
 * with `*`, allows any name).
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";
import { ALLOW_ALL_RUNTIME_CLASS_NAMES } from "./logic.js";

export function coversRuntimeClass(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  const mine = policy.spec.runtimeClass;
  if (!mine) return true;
  if (mine.defaultRuntimeClassName != null) return false;
  const allowed = mine.allowedRuntimeClassNames ?? [];
  if (allowed.includes(ALLOW_ALL_RUNTIME_CLASS_NAMES)) return true;
  const theirs = other.spec.runtimeClass;
  if (!theirs) return false;
  const wanted = theirs.allowedRuntimeClassNames ?? [];
  if (wanted.includes(ALLOW_ALL_RUNTIME_CLASS_NAMES)) return false;
  return wanted.every((n) => allowed.includes(n));
}
