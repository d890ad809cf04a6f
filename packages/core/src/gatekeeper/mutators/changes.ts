/**
 * What a mutation changed, as a list of `location → before/after` entries in Gatekeeper's location
 * syntax (elements of lists whose items carry a unique string `name` are written `[name: x]`, other
 * list items by index `[3]`). A whole new subtree is one entry, not one per leaf. Sorted, so records
 * are deterministic.
 */
import { isObject, jsonEqual } from "../json.js";

export interface Change {
  /** Where, e.g. `spec.containers[name: app].securityContext.runAsNonRoot`. */
  path: string;
  /** Previous value; absent when the field was created. */
  before?: unknown;
  /** New value; absent when the field was removed. */
  after?: unknown;
}

const quote = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
const field = (path: string, key: string) => (path === "" ? quote(key) : `${path}.${quote(key)}`);

export function jsonChanges(before: unknown, after: unknown, path = ""): Change[] {
  if (jsonEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => jsonChanges(before[k], after[k], field(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const byName = namedItems(before) && namedItems(after);
    if (byName) {
      const names = [...new Set([...before, ...after].map((e) => (e as { name: string }).name))].sort();
      const find = (list: unknown[], n: string) => list.find((e) => (e as { name: string }).name === n);
      return names.flatMap((n) => jsonChanges(find(before, n), find(after, n), `${path}[name: ${quote(n)}]`));
    }
    const n = Math.max(before.length, after.length);
    return Array.from({ length: n }, (_, i) => jsonChanges(before[i], after[i], `${path}[${i}]`)).flat();
  }
  const change: Change = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

/** Lists whose items are all objects with distinct string names (containers, volumes, ...). */
function namedItems(list: unknown[]): boolean {
  const names = list.map((e) => (isObject(e) && typeof e.name === "string" ? e.name : undefined));
  return names.every((n) => n !== undefined) && new Set(names).size === names.length;
}
