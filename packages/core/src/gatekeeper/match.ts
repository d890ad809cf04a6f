/**
 * Gatekeeper's `spec.match` for constraints and mutators (`pkg/mutation/match/match.go`, which the
 * constraint target handler shares). Every criterion that is set must hold; an absent or empty one
 * matches everything. Checked in Gatekeeper's order: kinds, scope, namespaces, excludedNamespaces,
 * labelSelector, namespaceSelector, name.
 *
 * The one criterion that needs more than the object is `namespaceSelector`: it reads the labels of
 * the object's Namespace. When the caller does not know that Namespace, Gatekeeper cannot decide
 * either (its matcher returns an error; older versions "autoreject" with "Namespace is not cached in
 * OPA"), so the result says `namespaceUnknown` and the caller decides how to report it.
 *
 * `match.source` (docs "Validation of Workload Resources", Match Source) decides between real objects
 * (`Original`) and the mock objects an ExpansionTemplate generates from a workload (`Generated`);
 * `All`, the default, matches both. It is checked first: it says which review the match is part of.
 */
import { GatekeeperInputError } from "./errors.js";
import { isObject, type JsonObject } from "./json.js";
import { labelSelectorMatches, labelSelectorProblem } from "./label-selector.js";
import { wildcardMatches, wildcardMatchesGenerateName } from "./wildcard.js";

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** The object a match is decided for, and what is known about its namespace. */
export interface MatchSubject {
  object: JsonObject;
  gvk: GroupVersionKind;
  /** The Namespace object of `object`'s namespace, if the caller knows it. */
  namespace?: JsonObject;
  /** Whether `object` is a real object (`Original`, the default) or one expansion generated. */
  source?: ObjectSource;
}

/** What Gatekeeper calls the source of a reviewed object (`pkg/mutation/types` SourceType). */
export type ObjectSource = "Original" | "Generated";
export const MATCH_SOURCES = ["Original", "Generated", "All"] as const;
export type MatchSource = (typeof MATCH_SOURCES)[number];

export type MatchResult =
  | { readonly matches: true }
  | { readonly matches: false; readonly reason: string; readonly namespaceUnknown?: true };

const WILDCARD = "*";

/** `apiVersion` → group and version (`v1` → core group ""). */
export function gvkOf(object: JsonObject): GroupVersionKind {
  const apiVersion = typeof object.apiVersion === "string" ? object.apiVersion : "v1";
  const slash = apiVersion.indexOf("/");
  return {
    group: slash < 0 ? "" : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: typeof object.kind === "string" ? object.kind : "",
  };
}

/** Throws `GatekeeperInputError` if a `match` block is malformed; call once per object. */
export function validateMatch(match: unknown, resource: string, path: string): void {
  if (match === undefined || match === null) return;
  const fail = (field: string, msg: string): never => {
    throw new GatekeeperInputError(resource, `${path}.${field}`, msg);
  };
  if (!isObject(match)) fail("", "must be an object");
  const m = match as JsonObject;
  const strings = (field: string) => {
    const v = m[field];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== "string"))) {
      fail(field, "must be a list of strings");
    }
  };
  strings("namespaces");
  strings("excludedNamespaces");
  if (m.kinds !== undefined) {
    if (!Array.isArray(m.kinds)) fail("kinds", "must be a list");
    for (const [i, k] of (m.kinds as unknown[]).entries()) {
      if (!isObject(k)) fail(`kinds[${i}]`, "must be an object");
      for (const f of ["apiGroups", "kinds"]) {
        const v = (k as JsonObject)[f];
        if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== "string"))) {
          fail(`kinds[${i}].${f}`, "must be a list of strings");
        }
      }
    }
  }
  for (const f of ["labelSelector", "namespaceSelector"]) {
    if (m[f] === undefined) continue;
    const problem = labelSelectorProblem(m[f]);
    if (problem) fail(f, problem);
  }
  if (m.name !== undefined && typeof m.name !== "string") fail("name", "must be a string");
  if (m.source !== undefined && !(MATCH_SOURCES as readonly unknown[]).includes(m.source)) {
    fail("source", "must be Original, Generated or All");
  }
  if (m.scope !== undefined && typeof m.scope !== "string") fail("scope", "must be a string");
}

function meta(object: JsonObject): JsonObject {
  return isObject(object.metadata) ? object.metadata : {};
}

function isNamespaceObject(gvk: GroupVersionKind): boolean {
  return gvk.kind === "Namespace" && gvk.group === "";
}

/** The namespace name the namespace criteria test ("" for cluster-scoped objects). */
function namespaceNameOf(subject: MatchSubject): string {
  if (isNamespaceObject(subject.gvk)) return String(meta(subject.object).name ?? "");
  const nsMeta = subject.namespace ? meta(subject.namespace) : {};
  if (typeof nsMeta.name === "string" && nsMeta.name !== "") return nsMeta.name;
  const own = meta(subject.object).namespace;
  return typeof own === "string" ? own : "";
}

/** Decides a (validated) `match` block for one object. */
export function matchesGatekeeper(match: unknown, subject: MatchSubject): MatchResult {
  if (!isObject(match)) return { matches: true };
  const { gvk, object } = subject;
  const objMeta = meta(object);
  const ns = namespaceNameOf(subject);

  const source = subject.source ?? "Original";
  if (typeof match.source === "string" && match.source !== "All" && match.source !== source) {
    return { matches: false, reason: `match.source is ${match.source}, the object is ${source}` };
  }

  const kinds = Array.isArray(match.kinds) ? (match.kinds as JsonObject[]) : [];
  if (kinds.length > 0) {
    const hit = kinds.some((k) => {
      const ks = Array.isArray(k.kinds) ? (k.kinds as string[]) : [];
      const gs = Array.isArray(k.apiGroups) ? (k.apiGroups as string[]) : [];
      const kindOk = ks.length === 0 || ks.includes(WILDCARD) || ks.includes(gvk.kind);
      const groupOk = gs.length === 0 || gs.includes(WILDCARD) || gs.includes(gvk.group);
      return kindOk && groupOk;
    });
    if (!hit) return { matches: false, reason: `kind ${gvk.group}/${gvk.kind} is not in match.kinds` };
  }

  const hasNamespace = ns !== "" && !isNamespaceObject(gvk);
  if (match.scope === "Cluster" && hasNamespace) return { matches: false, reason: "match.scope is Cluster" };
  if (match.scope === "Namespaced" && !hasNamespace) return { matches: false, reason: "match.scope is Namespaced" };

  const namespaces = Array.isArray(match.namespaces) ? (match.namespaces as string[]) : [];
  if (namespaces.length > 0 && ns !== "" && !namespaces.some((p) => wildcardMatches(p, ns))) {
    return { matches: false, reason: `namespace ${ns} is not in match.namespaces` };
  }
  const excluded = Array.isArray(match.excludedNamespaces) ? (match.excludedNamespaces as string[]) : [];
  const hitExcluded = ns === "" ? undefined : excluded.find((p) => wildcardMatches(p, ns));
  if (hitExcluded !== undefined) {
    return { matches: false, reason: `namespace ${ns} is excluded by match.excludedNamespaces ${hitExcluded}` };
  }

  if (match.labelSelector !== undefined) {
    const labels = isObject(objMeta.labels) ? objMeta.labels : undefined;
    if (!labelSelectorMatches(match.labelSelector, labels)) {
      return { matches: false, reason: "labels do not match match.labelSelector" };
    }
  }

  if (match.namespaceSelector !== undefined) {
    if (isNamespaceObject(gvk)) {
      const labels = isObject(objMeta.labels) ? objMeta.labels : undefined;
      if (!labelSelectorMatches(match.namespaceSelector, labels)) {
        return { matches: false, reason: "namespace labels do not match match.namespaceSelector" };
      }
    } else if (ns !== "") {
      if (!subject.namespace) {
        return {
          matches: false,
          namespaceUnknown: true,
          reason: `match.namespaceSelector needs the labels of Namespace ${ns}, which is not known`,
        };
      }
      const nsMeta = meta(subject.namespace);
      const labels = isObject(nsMeta.labels) ? nsMeta.labels : undefined;
      if (!labelSelectorMatches(match.namespaceSelector, labels)) {
        return { matches: false, reason: `labels of Namespace ${ns} do not match match.namespaceSelector` };
      }
    }
  }

  if (typeof match.name === "string" && match.name !== "") {
    const name = typeof objMeta.name === "string" ? objMeta.name : "";
    const generateName = typeof objMeta.generateName === "string" ? objMeta.generateName : "";
    const ok =
      wildcardMatches(match.name, name) ||
      (name === "" && generateName !== "" && wildcardMatchesGenerateName(match.name, generateName));
    if (!ok) return { matches: false, reason: `name ${name || `${generateName}*`} does not match match.name` };
  }
  return { matches: true };
}
