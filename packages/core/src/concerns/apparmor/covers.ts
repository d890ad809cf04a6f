/**
 * Shadowing for AppArmor (container annotations). Profiles `other` lets a container carry: any (no
 * allowed list, "" included), else its listed profiles, plus "" when it has a default to fill in (a
 * "" profile is otherwise refused). `policy` must leave all of them unchanged (its default is written
 * only into an empty annotation) and allow them (no list, or listed).
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";
import { appArmorPolicy } from "./policy.js";

export function coversAppArmor(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  const mine = appArmorPolicy(policy);
  const theirs = appArmorPolicy(other);
  if (theirs.allowed === undefined) return mine.allowed === undefined && mine.defaultProfile === "";
  const profiles = [...theirs.allowed].filter((p) => p !== "");
  if (theirs.defaultProfile !== "") {
    // An unannotated container passes `other` with its default; `policy` must take it as it is.
    if (mine.defaultProfile !== "" || mine.allowed !== undefined) return false;
  }
  return profiles.every((p) => mine.allowed === undefined || mine.allowed.has(p));
}
