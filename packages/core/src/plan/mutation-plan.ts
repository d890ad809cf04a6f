/**
 * Which PSP's defaults Gatekeeper's mutators write for one namespace group.
 *
 * PSP mutates a pod only when no usable policy admits it unchanged, and then with the defaults of the
 * first policy by name that admits it after defaulting — a choice per pod (and per service account and
 * requester). Gatekeeper mutators match by namespace and labels only and run before validation, so one
 * group gets one set of defaults at most:
 * - none, when a policy every pod may use admits unchanged every pod a defaulting policy admits (PSP
 *   then never mutates), or when no usable policy defaults anything — exact;
 * - otherwise the first policy by name, among those every pod may use, that defaults something: what
 *   PSP does for the pods that only policy admits. Other usable policies make the choice inexact for
 *   some pods: those are named in a `mutation-ambiguity` finding.
 */
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import { coversUnchanged } from "../psp/shadowing.js";
import { type PolicyAccess, reachesEveryPod } from "./audiences.js";

export type MutationMode = "auto" | "none";

export interface MutationChoice {
  /** The PSP whose defaults the group's mutators write, or null. */
  psp: string | null;
  /** Why, in one sentence. */
  reason: string;
  /** False when some pods get other defaults than PSP would give them (see `differsFor`). */
  exact: boolean;
  /** Policies whose pods may be defaulted differently than under PSP, and why (empty when exact). */
  differsFor: { psp: string; why: string }[];
}

export function chooseMutation(
  effective: readonly PolicyAccess[],
  psps: ReadonlyMap<string, PodSecurityPolicy>,
  defaults: (psp: string) => boolean,
  mode: MutationMode,
): MutationChoice {
  const defaulting = effective.filter((p) => defaults(p.psp));
  if (defaulting.length === 0) {
    return { psp: null, reason: "no usable policy defaults anything", exact: true, differsFor: [] };
  }
  if (mode === "none") {
    return {
      psp: null,
      reason: "--mutation none",
      exact: false,
      differsFor: defaulting.map((p) => ({
        psp: p.psp,
        why: "its defaults are not written: pods that need them are denied unless they carry them already",
      })),
    };
  }
  const everyPod = effective.filter((p) => reachesEveryPod(p.usableBy));
  for (const a of everyPod) {
    const aPsp = psps.get(a.psp);
    if (!aPsp || defaults(a.psp)) continue;
    const coversAll = defaulting.every((q) => {
      const qPsp = psps.get(q.psp);
      return qPsp !== undefined && coversUnchanged(aPsp, qPsp);
    });
    if (coversAll) {
      return {
        psp: null,
        reason: `${a.psp}, usable by every pod, admits unchanged every pod the defaulting policies admit, so PSP never mutates here`,
        exact: true,
        differsFor: [],
      };
    }
  }
  const chosen = everyPod.find((p) => defaults(p.psp));
  if (!chosen) {
    return {
      psp: null,
      reason:
        "only policies some pods may use default anything; Gatekeeper cannot write defaults per service account or requester",
      exact: false,
      differsFor: defaulting.map((p) => ({
        psp: p.psp,
        why: "usable only by some service accounts or requesters: its defaults are not written, so their pods that need them are denied",
      })),
    };
  }
  const differsFor: { psp: string; why: string }[] = [];
  for (const p of effective) {
    if (p.psp === chosen.psp) continue;
    differsFor.push({
      psp: p.psp,
      why: defaults(p.psp)
        ? `pods PSP would default with ${p.psp} (rejected by ${chosen.psp}) get ${chosen.psp}'s defaults instead`
        : `pods ${p.psp} admits unchanged still get ${chosen.psp}'s defaults where they leave those fields unset`,
    });
  }
  return {
    psp: chosen.psp,
    reason: `${chosen.psp} is the first policy by name that every pod may use and that defaults something`,
    exact: differsFor.length === 0,
    differsFor,
  };
}
