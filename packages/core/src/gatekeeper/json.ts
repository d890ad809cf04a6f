/**
 * Small helpers for the untyped JSON the simulator works on (pods, parameters, mutator values).
 * Kubernetes objects reach us as parsed YAML/JSON; these helpers keep the type narrowing honest.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON values, as Go's `cmp.Equal` on unstructured objects. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Deep copy of a JSON value (pods are mutated in place by mutators; callers keep their input). */
export function jsonClone<T>(v: T): T {
  return v === undefined ? v : (structuredClone(v) as T);
}

/** A readable rendering of a JSON value for messages: compact JSON, keys as given. */
export function jsonText(v: unknown): string {
  return v === undefined ? "<absent>" : JSON.stringify(v);
}
