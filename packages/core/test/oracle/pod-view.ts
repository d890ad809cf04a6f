/**
 * Comparing pods across the oracle boundary. The API server returns the pod after PSP *and* after
 * things PSP never does: API defaulting (dnsPolicy, terminationMessagePath, `securityContext: {}`,
 * …), Go's `omitempty` (empty strings and lists vanish), and the registry's seccomp version skew
 * (`PrepareForCreate` mirrors seccomp annotations ⇄ fields). So both sides are reduced to a *view*
 * of only what PSP can write, and the side that did not pass through the server gets the same
 * seccomp mirroring first.
 */
import { CONTAINER_LISTS, type Container, type Pod } from "../../src/model/k8s-types.js";

type Obj = Record<string, unknown>;

export const PSP_ANNOTATION = "kubernetes.io/psp";
const SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

// ------------------------------------------------------------------ paths (`a.b[0]["k"]`) as the case format writes them

export type PathSegment = string | number;

/** Parses `spec.containers[0].securityContext`, `metadata.annotations["a/b"]` into segments. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const fail = (at: number): never => {
    throw new Error(`cannot parse mutation path ${JSON.stringify(path)} at offset ${at}`);
  };
  let i = 0;
  while (i < path.length) {
    if (path[i] === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) fail(i);
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) out.push(JSON.parse(inner) as string);
      else fail(i);
      i = close + 1;
    } else {
      if (path[i] === ".") {
        if (out.length === 0) fail(i);
        i++;
      }
      const m = /^[^.[\]]+/.exec(path.slice(i));
      if (!m) fail(i);
      out.push((m as RegExpExecArray)[0]);
      i += (m as RegExpExecArray)[0].length;
    }
  }
  return out;
}

export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((s, i) =>
      typeof s === "number"
        ? `[${s}]`
        : /^[A-Za-z_][\w-]*$/.test(s)
          ? i === 0
            ? s
            : `.${s}`
          : `[${JSON.stringify(s)}]`,
    )
    .join("");
}

/** A deep copy of `pod` with each `path → value` of `mutations` written (objects created on the way). */
export function applyMutations(pod: Pod, mutations: Record<string, unknown>): Pod {
  const copy = structuredClone(pod);
  for (const [path, value] of Object.entries(mutations)) {
    const segs = parsePath(path);
    let node: Obj | unknown[] = copy as Obj;
    for (const [i, seg] of segs.entries()) {
      const container = node as Record<string | number, unknown>;
      if (i === segs.length - 1) {
        container[seg] = structuredClone(value);
        break;
      }
      if (container[seg] === undefined || container[seg] === null) container[seg] = {};
      node = container[seg] as Obj;
    }
  }
  return copy;
}

// ------------------------------------------------------------------ the registry's seccomp version skew (pod strategy, v1.19+)

function annotationForField(f: Obj | undefined): string | undefined {
  if (!f) return undefined;
  if (f.type === "Unconfined") return "unconfined";
  if (f.type === "RuntimeDefault") return "runtime/default";
  if (f.type === "Localhost" && typeof f.localhostProfile === "string") return `localhost/${f.localhostProfile}`;
  return undefined;
}

function fieldForAnnotation(a: string): Obj | undefined {
  if (a === "unconfined") return { type: "Unconfined" };
  if (a === "runtime/default" || a === "docker/default") return { type: "RuntimeDefault" };
  if (a.startsWith("localhost/")) return { type: "Localhost", localhostProfile: a.slice("localhost/".length) };
  return undefined;
}

/** What `PrepareForCreate` does to seccomp after admission: whichever of annotation and field is missing is derived from the other. */
export function mirrorSeccomp(input: Pod): Pod {
  const pod = structuredClone(input);
  const annotations = { ...(pod.metadata.annotations ?? {}) };
  const sync = (key: string, holder: () => Obj | undefined, makeHolder: () => Obj) => {
    const field = holder()?.seccompProfile as Obj | undefined;
    const annotation = annotations[key];
    if (field && annotation === undefined) {
      const derived = annotationForField(field);
      if (derived !== undefined) annotations[key] = derived;
    } else if (annotation !== undefined && !field) {
      const derived = fieldForAnnotation(annotation);
      if (derived) makeHolder().seccompProfile = derived;
    }
  };
  sync(
    SECCOMP_POD,
    () => pod.spec.securityContext,
    () => (pod.spec.securityContext ??= {}),
  );
  for (const list of CONTAINER_LISTS) {
    for (const c of pod.spec[list] ?? []) {
      sync(
        SECCOMP_CONTAINER_PREFIX + c.name,
        () => c.securityContext,
        () => (c.securityContext ??= {}),
      );
    }
  }
  if (Object.keys(annotations).length > 0) pod.metadata.annotations = annotations;
  return pod;
}

// ------------------------------------------------------------------ the view

/** Everything PSP can write on a pod, normalised as the server serialises it. */
export interface PspView {
  annotations: Record<string, string>;
  podSecurityContext: unknown;
  runtimeClassName: unknown;
  containers: Record<string, { name: string; securityContext: unknown }[]>;
}

/** Go's omitempty: empty strings and empty lists are not serialised. Key order is made stable. */
function goJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(goJson);
  if (v && typeof v === "object") {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Obj)[k];
      if (x === undefined || x === null || x === "" || (Array.isArray(x) && x.length === 0)) continue;
      out[k] = goJson(x);
    }
    return out;
  }
  return v;
}

export function pspView(pod: Pod): PspView {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(pod.metadata?.annotations ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (k !== PSP_ANNOTATION) annotations[k] = v;
  }
  const podSc = goJson(pod.spec.securityContext ?? {}) as Obj;
  const containers: PspView["containers"] = {};
  for (const list of CONTAINER_LISTS) {
    const cs = (pod.spec[list] ?? []) as Container[];
    if (cs.length > 0) {
      containers[list] = cs.map((c) => ({ name: c.name, securityContext: goJson(c.securityContext) ?? null }));
    }
  }
  return {
    annotations,
    // The API defaults a missing pod securityContext to {}: both mean "nothing set".
    podSecurityContext: Object.keys(podSc).length === 0 ? null : podSc,
    runtimeClassName: pod.spec.runtimeClassName ?? null,
    containers,
  };
}

/** The view the server would show for `pod` once PSP wrote `mutations` (case expectations, engine output). */
export function expectedView(pod: Pod, mutations: Record<string, unknown> = {}): PspView {
  return pspView(mirrorSeccomp(applyMutations(pod, mutations)));
}

/** Leaf paths where two views differ, e.g. `containers.containers[0].securityContext.runAsUser: 5 ≠ 7`. */
export function viewDifferences(a: PspView, b: PspView): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: PathSegment[]) => {
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    const bothObjects =
      x && y && typeof x === "object" && typeof y === "object" && !Array.isArray(x) === !Array.isArray(y);
    const isCapList = path.at(-1) === "add" || path.at(-1) === "drop";
    if (bothObjects && !isCapList) {
      const keys = [...new Set([...Object.keys(x as Obj), ...Object.keys(y as Obj)])].sort();
      for (const k of keys) {
        walk((x as Obj)[k], (y as Obj)[k], [...path, Array.isArray(x) ? Number(k) : k]);
      }
      return;
    }
    out.push(`${formatPath(path)}: ${JSON.stringify(x) ?? "(unset)"} ≠ ${JSON.stringify(y) ?? "(unset)"}`);
  };
  walk(a, b, []);
  return out;
}
