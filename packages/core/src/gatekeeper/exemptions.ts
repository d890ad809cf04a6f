/**
 * Namespaces Gatekeeper never checks, before any constraint or mutator is looked at:
 *
 * - the Config resource (`config.gatekeeper.sh/v1alpha1`, named `config`): `spec.match[]` entries of
 *   `excludedNamespaces` (prefix/suffix globs allowed) for `processes` — `webhook` exempts from the
 *   validating webhook, `mutation-webhook` from the mutating one, `*` from every process;
 * - the `--exempt-namespace` flag (plus `--exempt-namespace-prefix` / `-suffix`): namespaces that may
 *   carry the `admission.gatekeeper.sh/ignore` label, which both webhook configurations' namespace
 *   selectors skip, so the API server never calls Gatekeeper for them. The caller lists them; a
 *   pattern such as `kube-*` models the prefix flag, `*-system` the suffix flag.
 *
 * Source: Gatekeeper docs "Exempting Namespaces" (website/docs/exempt-namespaces.md).
 */
import { GatekeeperInputError, resourceName } from "./errors.js";
import { isObject } from "./json.js";
import { wildcardMatches } from "./wildcard.js";

export type GatekeeperProcess = "webhook" | "mutation-webhook";

export interface Exemptions {
  /** The Gatekeeper Config object, if any. */
  config?: unknown;
  /** Namespaces exempted with `--exempt-namespace` (and prefix/suffix flags, as globs). */
  exemptNamespaces?: readonly string[];
}

/** Throws `GatekeeperInputError` if the Config's `spec.match` is malformed. */
export function validateConfig(config: unknown): void {
  if (config === undefined || config === null) return;
  const resource = resourceName(config, "Config");
  const spec = isObject(config) ? config.spec : undefined;
  if (spec !== undefined && !isObject(spec)) throw new GatekeeperInputError(resource, "spec", "must be an object");
  const match = isObject(spec) ? spec.match : undefined;
  if (match === undefined) return;
  if (!Array.isArray(match)) throw new GatekeeperInputError(resource, "spec.match", "must be a list");
  for (const [i, entry] of match.entries()) {
    for (const field of ["excludedNamespaces", "processes"]) {
      const v = isObject(entry) ? entry[field] : undefined;
      if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
        throw new GatekeeperInputError(resource, `spec.match[${i}].${field}`, "must be a list of strings");
      }
    }
  }
}

/** Why `namespace` is exempt from `process`, or undefined if it is not. */
export function exemptionOf(namespace: string, process: GatekeeperProcess, exemptions: Exemptions): string | undefined {
  if (namespace === "") return undefined;
  for (const pattern of exemptions.exemptNamespaces ?? []) {
    if (wildcardMatches(pattern, namespace)) return `namespace ${namespace} is exempt (--exempt-namespace ${pattern})`;
  }
  const spec = isObject(exemptions.config) ? exemptions.config.spec : undefined;
  const entries = isObject(spec) && Array.isArray(spec.match) ? spec.match : [];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const processes = Array.isArray(entry.processes) ? entry.processes : [];
    if (!processes.includes("*") && !processes.includes(process)) continue;
    const excluded = Array.isArray(entry.excludedNamespaces) ? (entry.excludedNamespaces as string[]) : [];
    const hit = excluded.find((p) => wildcardMatches(p, namespace));
    if (hit !== undefined) return `namespace ${namespace} is excluded from ${process} by Config (${hit})`;
  }
  return undefined;
}
