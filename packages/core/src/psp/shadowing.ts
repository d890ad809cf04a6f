/**
 * Shadowed PSPs: a usable PSP B is *shadowed* by A when, on create, every pod B admits is admitted by
 * A and A wins PSP selection for it, so B never decides anything for the audience that may use both.
 * See README.md "Shadowing" for why this needs A to sort before B.
 *
 * Sufficient conditions (never claims more than holds; false when unsure):
 * - A sorts before B by name, and
 * - every concern says `coversUnchanged(A, B)`: each pod B admits passes A without A writing
 *   anything (A wins at once, or — when the pod carries a seccompProfile field without the annotation,
 *   which every PSP copies — all PSPs mutate it and name order picks A), or
 * - A and B are the same policy (same spec and PSP-relevant annotations): they admit and mutate the
 *   same pods, so the earlier name always wins, mutating or not.
 */
import { CONCERNS } from "../concerns/index.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import { inertReason } from "./inert.js";
import { compareBytewise } from "./selection.js";

export interface Shadowing {
  /** The shadowed PSP. */
  psp: string;
  /** The first PSP (selection order) that shadows it. */
  shadowedBy: string;
  /** "covers": every concern covers it unchanged; "identical": same spec and annotations. */
  reason: "covers" | "identical";
}

/** Concerns that cannot vouch for `policy` covering `other` unchanged (empty = all can). */
export function uncoveredConcerns(policy: PodSecurityPolicy, other: PodSecurityPolicy): string[] {
  return CONCERNS.filter((c) => !(c.coversUnchanged?.(policy, other) ?? false)).map((c) => c.name);
}

/** Does every concern say every pod `other` admits passes `policy` unchanged? */
export function coversUnchanged(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  return CONCERNS.every((c) => c.coversUnchanged?.(policy, other) ?? false);
}

/** PSP annotations that take part in admission (seccomp, AppArmor). */
const RELEVANT_ANNOTATION_PREFIXES = ["seccomp.security.alpha.kubernetes.io/", "apparmor.security.beta.kubernetes.io/"];

/** A canonical form of what admission reads from a PSP: spec and the seccomp/AppArmor annotations. */
function policyKey(psp: PodSecurityPolicy): string {
  const annotations = Object.entries(psp.metadata.annotations ?? {})
    .filter(([k]) => RELEVANT_ANNOTATION_PREFIXES.some((p) => k.startsWith(p)))
    .sort(([a], [b]) => compareBytewise(a, b));
  return canonicalJson([annotations, psp.spec]);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareBytewise(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * For the PSPs one audience may use (any order; inert ones are ignored: they are neither shadowed
 * nor shadowing), each shadowed PSP with the first PSP in selection order that shadows it, in
 * selection order. Decisions are for create requests (see README.md for update).
 */
export function shadowedBy(psps: readonly PodSecurityPolicy[]): Shadowing[] {
  const usable = psps
    .filter((p) => inertReason(p) === undefined)
    .sort((a, b) => compareBytewise(a.metadata.name, b.metadata.name));
  const keys = usable.map(policyKey);
  const out: Shadowing[] = [];
  usable.forEach((b, j) => {
    for (let i = 0; i < j; i++) {
      const a = usable[i] as PodSecurityPolicy;
      if (a.metadata.name === b.metadata.name) continue;
      if (keys[i] === keys[j]) {
        out.push({ psp: b.metadata.name, shadowedBy: a.metadata.name, reason: "identical" });
        return;
      }
      if (coversUnchanged(a, b)) {
        out.push({ psp: b.metadata.name, shadowedBy: a.metadata.name, reason: "covers" });
        return;
      }
    }
  });
  return out;
}
