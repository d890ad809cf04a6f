/**
 * Copying and comparing pods the way the PSP admission plugin does.
 *
 * Kubernetes decides "did this PSP mutate the pod?" with `apiequality.Semantic.DeepEqual`, which
 * treats a nil slice/map and an empty one as equal, but a nil pointer-to-struct and a pointer to an
 * empty struct as different (`securityContext` absent ≠ `securityContext: {}`). Our pods are plain
 * JSON, so lists are always slices, and objects are structs except under the few keys whose Go type
 * is a map — those are listed in `MAP_KEYS`. Likewise a scalar's zero value equals "absent" unless the
 * Go field is a pointer (`POINTER_SCALAR_KEYS`).
 */

/** Pod keys whose Go type is `map[string]...` (nil map ≡ empty map); every other object is a struct. */
const MAP_KEYS: ReadonlySet<string> = new Set([
  "annotations",
  "labels",
  "nodeSelector",
  "overhead",
  "limits",
  "requests",
  "volumeAttributes",
  "options",
]);

export function isMapKey(key: string): boolean {
  return MAP_KEYS.has(key);
}

/**
 * Scalar pod fields that are Go pointers (`*bool`, `*int64`, `*string`): unset differs from the zero
 * value (`runAsUser: 0` is root, not "unset"). Every other scalar is a plain Go value, where an
 * absent field *is* the zero value (`hostPID` absent ≡ `hostPID: false`, `serviceAccountName` absent ≡ "").
 */
const POINTER_SCALAR_KEYS: ReadonlySet<string> = new Set([
  "runAsUser",
  "runAsGroup",
  "runAsNonRoot",
  "privileged",
  "readOnlyRootFilesystem",
  "allowPrivilegeEscalation",
  "procMount",
  "fsGroup",
  "fsGroupChangePolicy",
  "runtimeClassName",
  "localhostProfile",
  "shareProcessNamespace",
  "enableServiceLinks",
  "automountServiceAccountToken",
  "priority",
  "preemptionPolicy",
  "activeDeadlineSeconds",
  "terminationGracePeriodSeconds",
  "setHostnameAsFQDN",
  "hostUsers",
  "hostProcess",
  "defaultMode",
  "mode",
  "optional",
  "expirationSeconds",
]);

function isZeroScalar(key: string, v: unknown): boolean {
  return !POINTER_SCALAR_KEYS.has(key) && (v === false || v === 0 || v === "");
}

type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep copy of JSON-shaped data (faster than structuredClone for pods; drops undefined members). */
export function deepCopy<T>(value: T): T {
  return copyValue(value as Plain) as T;
}

function copyValue(v: Plain): Plain {
  if (Array.isArray(v)) {
    const out: Plain[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyValue(v[i] as Plain);
    return out;
  }
  if (isObject(v)) {
    const out: { [k: string]: Plain } = {};
    for (const k in v) {
      const x = v[k];
      if (x !== undefined) out[k] = copyValue(x);
    }
    return out;
  }
  return v;
}

/** Is `v` what Go would hold as nil / zero under `key` (absent, empty list or map, zero non-pointer scalar)? */
function isNilLike(key: string, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (isZeroScalar(key, v)) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isMapKey(key) && isObject(v) && Object.keys(v).every((k) => v[k] === undefined);
}

/**
 * `apiequality.Semantic.DeepEqual` for JSON pods: nil and empty lists/maps are equal, an absent
 * struct is not equal to an empty one, members set to `undefined` count as absent.
 */
export function semanticEqual(a: unknown, b: unknown, key = ""): boolean {
  if (a === b) return true;
  if (isNilLike(key, a) && isNilLike(key, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a) && isObject(b)) {
    for (const k in a) if (!semanticEqual(a[k], b[k], k)) return false;
    for (const k in b) if (!(k in a) && !semanticEqual(undefined, b[k], k)) return false;
    return true;
  }
  return false;
}
