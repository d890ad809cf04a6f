/** Assembles the `inspect` report from a loaded Bundle: pure, no I/O. */
import { type Bundle, type Diagnostic, formatSource, resolveRbac } from "@psp2gk/core";
import { countObjects } from "../inputs.js";
import { byString } from "../sort.js";
import { namespacesSeen, requesterRows, serviceAccountRows } from "./audiences.js";
import type { DiagnosticJson, InspectReport } from "./model.js";
import { pspRows } from "./psps.js";

export interface InspectResult {
  report: InspectReport;
  /** The loader's and the RBAC resolver's diagnostics, loader first. */
  diagnostics: Diagnostic[];
}

export function buildInspectReport(bundle: Bundle): InspectResult {
  const rbac = resolveRbac(bundle);
  const diagnostics = byPosition([...bundle.diagnostics, ...rbac.diagnostics]);
  // Inert PSPs are in the grant tables too (marked in the PSP table): who could use them is part of
  // the picture, even though admission skips them.
  const psps = bundle.psps.map((p) => p.object.metadata.name).sort(byString);
  const namespaces = namespacesSeen(bundle, rbac, psps);
  const counts = countObjects(bundle);
  return {
    diagnostics,
    report: {
      format: "psp2gk-inspect/v1",
      inputs: {
        objects: counts.read,
        skipped: counts.skipped,
        skippedObjects: bundle.skipped.map((s) => ({
          kind: s.kind,
          apiVersion: s.apiVersion,
          name: s.name,
          namespace: s.namespace ?? null,
          source: formatSource(s.source),
        })),
      },
      diagnostics: diagnostics.map(diagnosticJson),
      psps: pspRows(bundle),
      namespaces,
      serviceAccounts: serviceAccountRows(rbac, namespaces, psps),
      requesters: requesterRows(rbac, namespaces, psps),
    },
  };
}

/**
 * Diagnostics in reading order (file, line, column; those without a position last), so a user fixes
 * them top to bottom. The sort is stable: the loader's order decides among equals.
 */
function byPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => {
    if (!a.source || !b.source) return (a.source ? 0 : 1) - (b.source ? 0 : 1);
    return byString(a.source.file, b.source.file) || a.source.line - b.source.line || a.source.col - b.source.col;
  });
}

export function diagnosticJson(d: Diagnostic): DiagnosticJson {
  return {
    level: d.level,
    code: d.code,
    source: d.source ? formatSource(d.source) : null,
    resource: d.resource ?? null,
    path: d.path ?? null,
    message: d.message,
  };
}
