/**
 * Single-policy scope: is this a cluster where every pod can use the same one PSP? Decided from RBAC
 * (psp-semantics.md §2): the non-inert PSPs anyone is granted; exactly one of them, granted cluster-wide
 * (ClusterRoleBinding) to `system:serviceaccounts` (every pod's service account) or
 * `system:authenticated` (every requester). Anything else is a multi-policy cluster — refused, never
 * guessed.
 */
import type { Bundle, LoadedPsp } from "../model/bundle.js";
import type { Finding } from "../model/findings.js";
import { ALL_SERVICE_ACCOUNTS, SYSTEM_AUTHENTICATED, SYSTEM_MASTERS } from "../rbac/identity.js";
import { resolveRbac } from "../rbac/resolve.js";
import type { Grant } from "../rbac/types.js";

export type Selection =
  | { kind: "single"; psp: LoadedPsp; grants: Grant[]; findings: Finding[] }
  | { kind: "refused"; findings: Finding[] };

const WHOLE_CLUSTER = "coming in whole-cluster conversion";

function describeGrant(g: Grant): string {
  const binding = g.binding.namespace
    ? `${g.binding.kind}/${g.binding.namespace}/${g.binding.name}`
    : `${g.binding.kind}/${g.binding.name}`;
  const subject =
    g.subject.kind === "ServiceAccount"
      ? `ServiceAccount ${g.subject.namespace ?? "?"}/${g.subject.name}`
      : `${g.subject.kind} ${g.subject.name}`;
  const scope = "cluster" in g.scope ? "all namespaces" : `namespace ${g.scope.namespace}`;
  return `${binding} → ${subject} (${scope})`;
}

function bindingRef(g: Grant): string {
  return g.binding.namespace
    ? `${g.binding.kind}/${g.binding.namespace}/${g.binding.name}`
    : `${g.binding.kind}/${g.binding.name}`;
}

const uniqueSorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

const coversEveryPod = (g: Grant): boolean =>
  "cluster" in g.scope &&
  g.subject.kind === "Group" &&
  (g.subject.name === ALL_SERVICE_ACCOUNTS || g.subject.name === SYSTEM_AUTHENTICATED);

export function selectSinglePolicy(bundle: Bundle): Selection {
  const findings: Finding[] = [];
  for (const p of bundle.psps) {
    if (p.inert !== undefined) {
      findings.push({
        code: "psp-inert",
        level: "info",
        message: `PSP ${p.object.metadata.name} is inert (${p.inert}): admission skips it, so it is not converted.`,
        psps: [p.object.metadata.name],
      });
    }
  }
  const candidates = bundle.psps.filter((p) => p.inert === undefined);
  const names = candidates.map((p) => p.object.metadata.name);
  const rbac = resolveRbac(bundle);
  // A grant to system:masters adds nothing: its members may use every PSP anyway (and are not "every pod").
  const grants = rbac.grants(names).filter((g) => !(g.subject.kind === "Group" && g.subject.name === SYSTEM_MASTERS));
  const granted = uniqueSorted(grants.map((g) => g.psp));
  for (const p of candidates) {
    const name = p.object.metadata.name;
    if (granted.includes(name)) continue;
    findings.push({
      code: "psp-masters-only",
      level: "warning",
      message: `PSP ${name} is granted to nobody, so only members of system:masters could use it; the converted policies do not offer it, and pods that only ${name} admitted (created by system:masters) are now denied.`,
      psps: [name],
      hint: `Delete ${name} if it is unused, or bind it and convert again once whole-cluster conversion lands.`,
    });
  }

  if (granted.length === 0) {
    findings.push({
      code: "no-usable-psp",
      level: "error",
      message:
        candidates.length === 0
          ? "The input has no usable PSP: PSP admission would reject every pod. There is nothing to convert."
          : `No PSP is granted to anyone (${names.join(", ")}): PSP admission rejects every pod except those created by system:masters. There is nothing faithful to convert.`,
      ...(names.length ? { psps: names } : {}),
      hint: "Give the input the cluster's RBAC (ClusterRoles, ClusterRoleBindings, Roles, RoleBindings) as well as its PSPs.",
    });
    return { kind: "refused", findings };
  }

  if (granted.length > 1) {
    const lines = granted.map((psp) => {
      const own = grants.filter((g) => g.psp === psp);
      return `${psp}: ${uniqueSorted(own.map(describeGrant)).join("; ")}`;
    });
    findings.push({
      code: "multi-policy",
      level: "error",
      message: `${granted.length} PSPs are usable (${granted.join(", ")}), so pods choose among several policies; converting that union exactly is ${WHOLE_CLUSTER}. Grants: ${lines.join(" | ")}.`,
      psps: granted,
      objects: uniqueSorted(grants.map(bindingRef)),
      hint: "Convert a single-policy cluster, or wait for whole-cluster conversion; psp2gk inspect shows who may use which PSP.",
    });
    return { kind: "refused", findings };
  }

  const pspName = granted[0] as string;
  const psp = candidates.find((p) => p.object.metadata.name === pspName) as LoadedPsp;
  const own = grants.filter((g) => g.psp === pspName);
  const everyPod = own.filter(coversEveryPod);
  if (everyPod.length === 0) {
    findings.push({
      code: "multi-policy",
      level: "error",
      message: `PSP ${pspName} is the only usable PSP, but it is not granted to every pod (no ClusterRoleBinding to system:serviceaccounts or system:authenticated): pods outside its grants have no PSP and PSP admission rejects them. Scoping that exactly is ${WHOLE_CLUSTER}. Grants: ${uniqueSorted(own.map(describeGrant)).join("; ")}.`,
      psps: [pspName],
      objects: uniqueSorted(own.map(bindingRef)),
      hint: "psp2gk inspect shows which namespaces and service accounts may use it.",
    });
    return { kind: "refused", findings };
  }
  if (!everyPod.some((g) => g.subject.name === ALL_SERVICE_ACCOUNTS)) {
    findings.push({
      code: "requester-grant-only",
      level: "warning",
      message: `PSP ${pspName} reaches pods only through their requester (system:authenticated), not their service account. The converted policies apply to every pod whoever creates it; they differ from PSP only for pods created by unauthenticated requests, which PSP would reject.`,
      psps: [pspName],
      objects: uniqueSorted(everyPod.map(bindingRef)),
    });
  }
  return { kind: "single", psp, grants: own, findings };
}
