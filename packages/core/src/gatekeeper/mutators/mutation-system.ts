/**
 * Applying a set of mutators to one object the way Gatekeeper's mutation system does
 * (`pkg/mutation/system.go`):
 *
 * - mutators run in a fixed order, sorted by their ID (group, kind, namespace, name); all share the
 *   group `mutations.gatekeeper.sh`, so Assign < AssignMetadata < ModifySet, then by name;
 * - each pass applies every mutator that matches (applyTo, `match` including `match.source`: the
 *   webhook mutates `Original` objects, expansion `Generated` ones) to the object as the previous
 *   mutators left it;
 * - passes repeat until one pass leaves the object unchanged (converged), at most
 *   `mutators + 1` passes; an object back at its original state after a changing pass is
 *   "oscillating", running out of passes is "not converging" — both are errors in Gatekeeper;
 * - a mutator that fails (a location step that does not fit the object) fails the whole request.
 *
 * On error Gatekeeper's mutating webhook answers with an error, and with its default
 * `failurePolicy: Ignore` the API server then admits the object *unmutated*; the outcome carries
 * the original object so the caller can model that (or deny, for failurePolicy Fail).
 *
 * Every application that changed something is recorded with its changes (except in the final,
 * quiet pass, whose changes cancel out by definition).
 */
import { GatekeeperInputError, resourceName } from "../errors.js";
import { isObject, type JsonObject, jsonClone, jsonEqual } from "../json.js";
import { type GroupVersionKind, matchesGatekeeper, type ObjectSource } from "../match.js";
import { MutationError } from "./apply-location.js";
import { compileAssign } from "./assign.js";
import { compileAssignMetadata } from "./assign-metadata.js";
import { type Change, jsonChanges } from "./changes.js";
import { type CompiledMutator, MUTATOR_KINDS } from "./compiled-mutator.js";
import { compileModifySet } from "./modify-set.js";

const compiledMutators = new WeakMap<object, CompiledMutator>();

/** Checks and compiles one mutator object (cached per object); throws `GatekeeperInputError`. */
export function compileMutator(obj: unknown): CompiledMutator {
  if (isObject(obj)) {
    const cached = compiledMutators.get(obj);
    if (cached) return cached;
  }
  const kind = isObject(obj) ? obj.kind : undefined;
  let compiled: CompiledMutator;
  switch (kind) {
    case "Assign":
      compiled = compileAssign(obj);
      break;
    case "AssignMetadata":
      compiled = compileAssignMetadata(obj);
      break;
    case "ModifySet":
      compiled = compileModifySet(obj);
      break;
    default:
      throw new GatekeeperInputError(
        resourceName(obj, "mutator"),
        "kind",
        `unsupported mutator kind ${JSON.stringify(kind)}; the simulator models ${MUTATOR_KINDS.join(", ")}`,
      );
  }
  if (isObject(obj)) compiledMutators.set(obj, compiled);
  return compiled;
}

/** Compiles and orders mutators as Gatekeeper does; duplicate kind/name pairs are refused. */
export function compileMutators(objs: readonly unknown[]): CompiledMutator[] {
  const compiled = objs.map(compileMutator);
  const key = (m: CompiledMutator) => [m.kind, m.namespace, m.name] as const;
  compiled.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i]) return (ka[i] as string) < (kb[i] as string) ? -1 : 1;
    }
    return 0;
  });
  for (let i = 1; i < compiled.length; i++) {
    const prev = compiled[i - 1] as CompiledMutator;
    const cur = compiled[i] as CompiledMutator;
    if (prev.kind === cur.kind && prev.namespace === cur.namespace && prev.name === cur.name) {
      throw new GatekeeperInputError(cur.resource, "metadata.name", "is defined twice");
    }
  }
  return compiled;
}

export interface MutationRecord {
  /** `Kind/name` of the mutator. */
  mutator: string;
  /** 1-based pass number. */
  iteration: number;
  changes: Change[];
}

export interface MutationOutcome {
  status: "unchanged" | "mutated" | "error";
  /** The mutated object (status mutated), or the untouched original (unchanged, error). */
  object: JsonObject;
  records: MutationRecord[];
  /** Why the system failed (status error): a mutator error, oscillation or non-convergence. */
  error?: string;
  /** Mutators skipped because their namespaceSelector needs an unknown Namespace. */
  skipped: string[];
}

export interface MutationContext {
  gvk: GroupVersionKind;
  /** The object's Namespace, when known (for namespaceSelector). */
  namespace?: JsonObject;
  /** `Original` (the webhook, default) or `Generated` (an object expansion made from a workload). */
  source?: ObjectSource;
}

/** Runs ordered mutators on a copy of `original` until convergence. */
export function runMutationSystem(
  mutators: readonly CompiledMutator[],
  original: JsonObject,
  context: MutationContext,
): MutationOutcome {
  const obj = jsonClone(original);
  const records: MutationRecord[] = [];
  const skipped = new Set<string>();
  const maxIterations = mutators.length + 1;
  const fail = (error: string): MutationOutcome => ({
    status: "error",
    object: original,
    records,
    error,
    skipped: [...skipped].sort(),
  });

  for (let i = 0; i < maxIterations; i++) {
    const passStart = jsonClone(obj);
    const passRecords: MutationRecord[] = [];
    let applied = 0;
    for (const m of mutators) {
      if (!m.appliesTo(context.gvk)) continue;
      const source = context.source ?? "Original";
      const subject = context.namespace
        ? { object: obj, gvk: context.gvk, namespace: context.namespace, source }
        : { object: obj, gvk: context.gvk, source };
      const matched = matchesGatekeeper(m.match, subject);
      if (!matched.matches) {
        // Gatekeeper logs the match error and treats the mutator as not matching.
        if (matched.namespaceUnknown) skipped.add(`${m.resource}: ${matched.reason}`);
        continue;
      }
      const before = jsonClone(obj);
      let mutated: boolean;
      try {
        mutated = m.mutate(obj);
      } catch (e) {
        if (e instanceof MutationError) return fail(`mutator ${m.resource} failed at ${m.location}: ${e.message}`);
        throw e;
      }
      if (!mutated) continue;
      applied++;
      const changes = jsonChanges(before, obj);
      if (changes.length > 0) passRecords.push({ mutator: m.resource, iteration: i + 1, changes });
    }
    if (applied === 0 || jsonEqual(passStart, obj)) {
      // The quiet final pass re-applied mutators whose changes cancel out; its records would only
      // show values being rewritten to themselves, so they are left out.
      // A quiet pass after changing passes that left the object as it came in: Gatekeeper calls
      // this oscillation (mutators undoing each other) rather than convergence.
      if (applied > 0 && i > 0 && jsonEqual(original, obj)) {
        return fail("oscillating mutation: mutators undo each other's changes");
      }
      const changed = !jsonEqual(original, obj);
      const result = changed ? obj : original;
      return { status: changed ? "mutated" : "unchanged", object: result, records, skipped: [...skipped].sort() };
    }
    records.push(...passRecords);
  }
  return fail(`mutation not converging after ${maxIterations} passes`);
}
