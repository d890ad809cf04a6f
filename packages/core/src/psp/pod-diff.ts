/**
 * What PSP changed in a pod, as `path → new value` (`AdmissionResult.mutations`), and the inverse:
 * applying such a set to a pod. Paths read like Kubernetes field paths:
 * `spec.containers[0].securityContext.runAsUser`, `metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]`.
 *
 * Granularity: the diff descends into objects down to the fields PSP writes, but reports a few
 * structs PSP always writes as a whole (e.g. `seLinuxOptions`, `capabilities`) and every list as one
 * value, so a mutation reads as the PSP field that caused it.
 */
import { deepCopy, isMapKey, semanticEqual } from "./plain-data.js";

/** Structs PSP writes as one value: report them whole rather than field by field. */
const ATOMIC_KEYS: ReadonlySet<string> = new Set(["seLinuxOptions", "capabilities", "seccompProfile"]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function childPath(parent: string, parentKey: string, key: string): string {
  if (!isMapKey(parentKey) && IDENTIFIER.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** Paths whose values differ between `before` and `after`, with the value in `after` (null when removed). */
export function diffPods(before: unknown, after: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  walk(before, after, "", "", out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, key: string, out: Record<string, unknown>): void {
  if (semanticEqual(a, b, key)) return;
  const descend = path === "" || !ATOMIC_KEYS.has(key);
  if (descend && isObject(b) && (a === undefined || a === null || isObject(a))) {
    const from = isObject(a) ? a : {};
    const keys = new Set([...Object.keys(from), ...Object.keys(b)]);
    for (const k of [...keys].sort()) walk(from[k], b[k], childPath(path, key, k), k, out);
    return;
  }
  if (
    Array.isArray(a) &&
    Array.isArray(b) &&
    a.length === b.length &&
    b.every(isObject) &&
    a.every(isObject) &&
    !ATOMIC_KEYS.has(key)
  ) {
    // Lists of structs (containers, volumes) keep their index: report inside the element.
    for (let i = 0; i < b.length; i++) walk(a[i], b[i], `${path}[${i}]`, "", out);
    return;
  }
  out[path] = b === undefined ? null : deepCopy(b);
}

/** One step of a parsed path: an object member or a list index. */
export type PathStep = string | number;

/** Parse `a.b[0]["k.x"]` into `["a", "b", 0, "k.x"]`. Throws on malformed paths. */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  const re = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let at = 0;
  while (at < path.length) {
    re.lastIndex = at;
    const m = re.exec(path);
    if (!m) throw new Error(`cannot parse field path ${JSON.stringify(path)} at offset ${at}`);
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(JSON.parse(m[3] as string) as string);
    at = re.lastIndex;
  }
  return steps;
}

/** A copy of `pod` with every `path → value` of `mutations` written into it (creating parents). */
export function applyMutations<T>(pod: T, mutations: Record<string, unknown>): T {
  const copy = deepCopy(pod) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(mutations)) {
    const steps = parsePath(path);
    let node: Record<string | number, unknown> = copy;
    steps.forEach((step, i) => {
      if (i === steps.length - 1) {
        node[step] = deepCopy(value);
        return;
      }
      const next = steps[i + 1];
      if (typeof node[step] !== "object" || node[step] === null) node[step] = typeof next === "number" ? [] : {};
      node = node[step] as Record<string | number, unknown>;
    });
  }
  return copy as unknown as T;
}
