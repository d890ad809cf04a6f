/** The PSP table: every PSP read, whether admission can use it, and whether it can mutate pods. */
import { type Bundle, CONCERNS, type Diagnostic, formatSource, type PodSecurityPolicy } from "@psp2gk/core";
import { byString } from "../sort.js";
import type { PspRow } from "./model.js";

const PSP_PREFIX = "PodSecurityPolicy/";

export function pspRows(bundle: Bundle): PspRow[] {
  const rows: PspRow[] = bundle.psps.map(({ object, source, inert }) => ({
    name: object.metadata.name,
    status: inert ? "inert" : "usable",
    reason: inert ?? null,
    mayMutate: mutatingConcerns(object),
    source: formatSource(source),
  }));
  rows.push(...invalidPspRows(bundle.diagnostics));
  return rows.sort((a, b) => byString(a.name, b.name) || byString(a.source, b.source));
}

/** Names of the concerns whose settings in `psp` can change a pod (psp-semantics.md §4). */
export function mutatingConcerns(psp: PodSecurityPolicy): string[] {
  return CONCERNS.filter((c) => c.mayMutate?.(psp) === true)
    .map((c) => c.name)
    .sort(byString);
}

/**
 * The loader refuses a PSP the API server would refuse (one `psp-invalid` diagnostic per field error)
 * and keeps no object for it; the table still shows it, so a user sees the PSP was not forgotten.
 */
function invalidPspRows(diagnostics: readonly Diagnostic[]): PspRow[] {
  const byName = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.code !== "psp-invalid" || !d.resource?.startsWith(PSP_PREFIX)) continue;
    const name = d.resource.slice(PSP_PREFIX.length);
    byName.set(name, [...(byName.get(name) ?? []), d]);
  }
  return [...byName].map(([name, ds]) => ({
    name,
    status: "invalid" as const,
    reason: ds.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; "),
    mayMutate: [],
    source: formatSource(ds[0]?.source),
  }));
}
