/**
 * The bound service-account token volume exception (PR #92006, util.go IsOnlyServiceAccountTokenSources):
 * a `projected` volume made only of what the ServiceAccount admission plugin injects
 * (`kube-api-access-*`) is allowed by a PSP that allows `secret`, even without `projected`.
 */

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/**
 * Every source is one of: a serviceAccountToken with path `token` and no audience; the configMap
 * `kube-root-ca.crt`; downwardAPI items that are only `namespace` ← `metadata.namespace` (apiVersion v1).
 */
export function isOnlyServiceAccountTokenSources(projected: unknown): boolean {
  const sources = obj(projected)?.sources;
  for (const raw of Array.isArray(sources) ? sources : []) {
    const s = obj(raw) ?? {};
    const token = obj(s.serviceAccountToken);
    const configMap = obj(s.configMap);
    const downward = obj(s.downwardAPI);
    if (!token && !configMap && !downward) return false;
    if (token && (token.path !== "token" || (token.audience ?? "") !== "")) return false;
    if (configMap && configMap.name !== "kube-root-ca.crt") return false;
    if (downward) {
      const items = Array.isArray(downward.items) ? downward.items : [];
      for (const rawItem of items) {
        const item = obj(rawItem) ?? {};
        const ref = obj(item.fieldRef);
        if (item.path !== "namespace" || !ref || ref.apiVersion !== "v1" || ref.fieldPath !== "metadata.namespace") {
          return false;
        }
      }
    }
  }
  return true;
}
