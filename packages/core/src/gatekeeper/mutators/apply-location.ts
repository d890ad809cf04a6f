/**
 * Walking a mutation location through an object and setting the value at its end, with
 * Gatekeeper's rules (`pkg/mutation/mutators/core/mutation_function.go`):
 *
 * - a missing object field on the way is created (as `{}` or `[]`, whatever the next step needs);
 * - a keyed list step `[name: foo]` visits the element whose `name` is `foo`, and appends a new
 *   element `{name: foo}` when there is none;
 * - a glob list step `[name: *]` visits every existing element and never creates one;
 * - at the last step the setter decides what to write; a keyed list as last step replaces or
 *   appends the whole element;
 * - path tests (`MustExist` / `MustNotExist` at a given depth) stop the mutation quietly when the
 *   object disagrees; `MustNotExist` on a glob step can never hold, so it always stops;
 * - a step whose type does not fit the object (a field step on a list, say) is an error.
 *
 * A mutation returns whether it set anything; like Gatekeeper, it does not compare old and new
 * values (the mutation system detects convergence by comparing whole objects).
 */
import { isObject, type JsonObject } from "../json.js";
import { formatLocation, type LocationNode, sameNode } from "./location.js";

export type PathCondition = "MustExist" | "MustNotExist";

/** Path tests indexed by depth (number of location nodes in the sub path, minus one). */
export type PathTester = ReadonlyMap<number, PathCondition>;

export class MutationError extends Error {
  override readonly name = "MutationError";
}

/** What to do once the walk reaches the last step. */
export interface Setter {
  /** Writes at `obj[key]`. */
  setValue(obj: JsonObject, key: string): void;
  /** Whether the setter may replace a keyed list element (ModifySet may not). */
  readonly keyedListOkay: boolean;
  /** The whole element to put in a keyed list. */
  keyedListValue(): JsonObject;
  /** An extra test on the current value at the location (Assign's legacy `assignIf`). */
  valueTest?(current: unknown, exists: boolean): boolean;
}

/** Builds the depth → condition index, checking Gatekeeper's rules for path tests. */
export function buildPathTester(
  location: readonly LocationNode[],
  tests: readonly { subPath: readonly LocationNode[]; condition: PathCondition }[],
): PathTester {
  const tester = new Map<number, PathCondition>();
  for (const { subPath, condition } of tests) {
    const isPrefix =
      subPath.length <= location.length && subPath.every((n, i) => sameNode(n, location[i] as LocationNode));
    if (!isPrefix) {
      throw new MutationError(
        `pathTests subPath ${formatLocation(subPath)} is not a prefix of location ${formatLocation(location)}`,
      );
    }
    const depth = subPath.length - 1;
    const existing = tester.get(depth);
    if (existing !== undefined && existing !== condition) {
      throw new MutationError(`conflicting path test conditions for ${formatLocation(subPath)}`);
    }
    tester.set(depth, condition);
  }
  return tester;
}

const existsOkay = (t: PathTester, depth: number) => t.get(depth) !== "MustNotExist";
const missingOkay = (t: PathTester, depth: number) => t.get(depth) !== "MustExist";

/** Applies `setter` at `location` inside `root` (in place). Returns whether anything was set. */
export function mutateAtLocation(
  location: readonly LocationNode[],
  tester: PathTester,
  setter: Setter,
  root: JsonObject,
): boolean {
  if (location.length === 0) throw new MutationError("attempting to mutate an empty location");
  return walk(root, 0).mutated;

  function walk(current: unknown, depth: number): { mutated: boolean; value?: unknown } {
    const node = location[depth] as LocationNode;
    const last = depth === location.length - 1;
    if (node.type === "object") {
      if (!isObject(current)) {
        throw new MutationError(
          `${formatLocation(location.slice(0, depth + 1))}: expected an object to hold field ${node.key}, found ${describe(current)}`,
        );
      }
      const exists = Object.hasOwn(current, node.key) && current[node.key] !== undefined;
      if (exists ? !existsOkay(tester, depth) : !missingOkay(tester, depth)) return { mutated: false };
      if (last) {
        if (setter.valueTest && !setter.valueTest(current[node.key], exists)) return { mutated: false };
        setter.setValue(current, node.key);
        return { mutated: true, value: current };
      }
      const next = exists ? current[node.key] : createMissing(depth);
      const r = walk(next, depth + 1);
      if (r.mutated) current[node.key] = r.value;
      return { mutated: r.mutated, value: current };
    }

    if (!Array.isArray(current)) {
      throw new MutationError(
        `${formatLocation(location.slice(0, depth + 1))}: expected a list, found ${describe(current)}`,
      );
    }
    const list = [...current];
    if (last) return setListElement(list, node, depth);
    if (node.glob && !existsOkay(tester, depth)) return { mutated: false };
    let mutated = false;
    let found = false;
    for (const element of list) {
      if (node.glob) {
        found = true;
        mutated = walk(element, depth + 1).mutated || mutated;
      } else if (isObject(element) && element[node.keyField] === node.keyValue) {
        if (!existsOkay(tester, depth)) return { mutated: false };
        found = true;
        mutated = walk(element, depth + 1).mutated || mutated;
      }
    }
    if (!node.glob && !found) {
      if (!missingOkay(tester, depth)) return { mutated: false };
      const created = createMissing(depth);
      list.push(created);
      mutated = walk(created, depth + 1).mutated || mutated;
    }
    return { mutated, value: list };
  }

  function setListElement(list: unknown[], node: LocationNode & { type: "list" }, depth: number) {
    if (!setter.keyedListOkay) throw new MutationError("this mutator cannot set a keyed list element");
    if (node.glob) throw new MutationError("the last location step cannot be a glob");
    const value = setter.keyedListValue();
    const at = list.findIndex((e) => isObject(e) && e[node.keyField] === node.keyValue);
    if (at >= 0) {
      if (value[node.keyField] !== node.keyValue)
        throw new MutationError("key value of replaced object must not change");
      if (!existsOkay(tester, depth)) return { mutated: false };
      if (setter.valueTest && !setter.valueTest(list[at], true)) return { mutated: false };
      list[at] = value;
      return { mutated: true, value: list };
    }
    if (!missingOkay(tester, depth)) return { mutated: false };
    if (setter.valueTest && !setter.valueTest(undefined, false)) return { mutated: false };
    list.push(value);
    return { mutated: true, value: list };
  }

  /** A new container for the step after `depth`; a new keyed list element carries its key. */
  function createMissing(depth: number): unknown {
    const node = location[depth] as LocationNode;
    const next = location[depth + 1] as LocationNode;
    const created: unknown = next.type === "object" ? {} : [];
    if (node.type === "list") {
      if (!isObject(created)) throw new MutationError("two consecutive list steps are not allowed");
      if (node.glob) throw new MutationError("a glob list step cannot create an element");
      created[node.keyField] = node.keyValue;
    }
    return created;
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}
