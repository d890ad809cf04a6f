/** Collects the concern emitters' mutators for one PSP, checks their names are unique, sorts them. */
import type { Finding } from "../model/findings.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import type { ConcernEmitter } from "./concern-emitter.js";
import { type EmitScope, mutatorScope } from "./scope.js";

export interface CollectedMutators {
  mutators: Record<string, unknown>[];
  /** `Kind/name` of each mutator → the concern whose emitter made it. */
  concernOf: Map<string, string>;
  findings: Finding[];
}

function nameOf(obj: Record<string, unknown>): string {
  const meta = obj.metadata as { name?: unknown } | undefined;
  return typeof meta?.name === "string" ? meta.name : "";
}

export function mutatorKey(obj: Record<string, unknown>): string {
  return `${String(obj.kind)}/${nameOf(obj)}`;
}

export function collectMutators(
  emitters: readonly ConcernEmitter[],
  psp: PodSecurityPolicy,
  scope: EmitScope,
  /** Prefix of the mutator names; default the PSP name. */
  namePrefix: string = psp.metadata.name,
): CollectedMutators {
  const mutators: Record<string, unknown>[] = [];
  const findings: Finding[] = [];
  const seen = new Map<string, string>();
  for (const emitter of emitters) {
    const out = emitter.mutators(psp, mutatorScope(scope, namePrefix));
    for (const m of out.mutators) {
      const key = mutatorKey(m);
      const other = seen.get(key);
      if (other !== undefined) {
        throw new Error(`mutator ${key} is emitted by both ${other} and ${emitter.concern}`);
      }
      seen.set(key, emitter.concern);
      mutators.push(m);
    }
    findings.push(...out.findings);
  }
  mutators.sort((a, b) => {
    const ka = mutatorKey(a);
    const kb = mutatorKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return { mutators, concernOf: seen, findings };
}
