/**
 * Reading the user's inputs through the core loader and reporting what it refused. Diagnostics always
 * go to stderr, one per line, in the order the loader sorted them, so a user sees every problem at once.
 */
import { type Bundle, type Diagnostic, formatDiagnostic, loadInputs } from "@psp2gk/core";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";

/** Loads every `-f` path (`-` = stdin). Refuses an empty list: a command without input has nothing to say. */
export async function loadBundle(paths: readonly string[], io: CliIo): Promise<Bundle> {
  if (paths.length === 0) {
    throw new UsageError("no input: give -f PATH (a file or directory, repeatable) or -f - to read standard input");
  }
  if (paths.filter((p) => p === "-").length > 1) {
    throw new UsageError("-f - (standard input) can be given only once");
  }
  return loadInputs([...paths], { readStdin: () => io.readStdin() });
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some((d) => d.level === "error");

/** Number of objects the loader kept, by kind (workloads by their own kind), plus the skipped ones. */
export function countObjects(bundle: Bundle): { read: Record<string, number>; skipped: Record<string, number> } {
  const read: Record<string, number> = {};
  const add = (into: Record<string, number>, kind: string) => {
    into[kind] = (into[kind] ?? 0) + 1;
  };
  for (const list of [
    bundle.psps,
    bundle.clusterRoles,
    bundle.roles,
    bundle.clusterRoleBindings,
    bundle.roleBindings,
    bundle.namespaces,
    bundle.serviceAccounts,
    bundle.pods,
    bundle.workloads,
  ]) {
    for (const { object } of list) add(read, (object as { kind: string }).kind);
  }
  const skipped: Record<string, number> = {};
  for (const s of bundle.skipped) add(skipped, s.kind);
  return { read: sortKeys(read), skipped: sortKeys(skipped) };
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
