/**
 * What planning tells the user (codes documented in docs/findings.md): security facts the grants reveal,
 * where the output differs from PSP and why, and input problems that change who may use what.
 */
import type { Bundle } from "../model/bundle.js";
import type { Finding, FindingScope } from "../model/findings.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import { compareBytewise } from "../psp/selection.js";
import { coversUnchanged } from "../psp/shadowing.js";
import { SYSTEM_AUTHENTICATED } from "../rbac/identity.js";
import type { RbacModel } from "../rbac/resolve.js";
import { bindingRef, type PolicyAccess, reachesEveryPod, type UsableBy } from "./audiences.js";
import type { NamespaceGroup, OnUncovered, OutputStyle, Plan } from "./plan.js";

/** Where a group applies, for messages. */
export function describeGroup(g: NamespaceGroup): string {
  if (g.namespaces === null) {
    if (g.excludedNamespaces.length === 0) return "every namespace";
    // A long list of exceptions hides the point; the report's table lists the other groups anyway.
    return g.excludedNamespaces.length <= 6
      ? `every namespace except ${g.excludedNamespaces.join(", ")}`
      : `every namespace except the ${g.excludedNamespaces.length} of other groups and exempt ones`;
  }
  return g.namespaces.length === 1 ? `namespace ${g.namespaces[0]}` : `namespaces ${g.namespaces.join(", ")}`;
}

/** Who may use a policy, for messages. */
export function describeUsableBy(u: UsableBy): string {
  const parts: string[] = [];
  if (u.allServiceAccounts) parts.push("every service account");
  if (u.serviceAccounts.length > 0)
    parts.push(`service account${u.serviceAccounts.length > 1 ? "s" : ""} ${u.serviceAccounts.join(", ")}`);
  if (u.users.length > 0) parts.push(`requesting user${u.users.length > 1 ? "s" : ""} ${u.users.join(", ")}`);
  if (u.groups.length > 0) parts.push(`requesting group${u.groups.length > 1 ? "s" : ""} ${u.groups.join(", ")}`);
  if (u.ownNamespaceRequesters) parts.push("requests from the namespace's own service accounts");
  return parts.join("; ") || "nobody";
}

const CONTROLLER_SA = /-controller$/;

/** The API server's controllers run as kube-system service accounts `<name>-controller` (or as kube-controller-manager). */
function isControllerRequester(p: PolicyAccess): string[] {
  const out: string[] = [];
  for (const u of p.usableBy.users) {
    const m = /^system:serviceaccount:kube-system:(.+)$/.exec(u);
    if (m && CONTROLLER_SA.test(m[1] as string)) out.push(u);
    if (u === "system:kube-controller-manager") out.push(u);
  }
  for (const g of p.usableBy.groups) if (g === "system:serviceaccounts:kube-system") out.push(g);
  return out;
}

export interface PlanFindingOptions {
  style: OutputStyle;
  onUncovered: OnUncovered;
}

export function planFindings(plan: Plan, bundle: Bundle, rbac: RbacModel, options: PlanFindingOptions): Finding[] {
  const out: Finding[] = [];
  const psp = (name: string): PodSecurityPolicy | undefined => plan.psps.get(name);

  // PSPs nobody but system:masters may use.
  const granted = new Set(plan.grants.map((g) => g.psp));
  for (const name of [...plan.psps.keys()].sort(compareBytewise)) {
    if (granted.has(name)) continue;
    out.push({
      code: "psp-masters-only",
      level: "warning",
      message: `PSP ${name} is granted to nobody, so only members of system:masters could use it. Policy-set constraints still offer it to system:masters; per-field constraints do not, so there pods only ${name} admits are denied even for system:masters.`,
      psps: [name],
      hint: `Delete ${name} if it is unused.`,
    });
  }

  for (const g of plan.groups) {
    const where = describeGroup(g);
    const scope: FindingScope =
      g.namespaces === null ? { excludedNamespaces: g.excludedNamespaces } : { namespaces: g.namespaces };
    if (g.style === "uncovered") {
      out.push({
        code: "namespace-without-usable-psp",
        scope,
        level: "error",
        message:
          options.onUncovered === "deny"
            ? `No PSP is usable in ${where} (except by system:masters): PSP rejected every pod there, and so does the emitted policy-set constraint.${g.knownNamespaces.length > 0 ? ` Namespaces in the input: ${g.knownNamespaces.join(", ")}.` : ""}`
            : `No PSP is usable in ${where} (except by system:masters): PSP rejected every pod there, but --on-uncovered report emits nothing for it, so Gatekeeper admits every pod there unchecked.`,
        objects: g.knownNamespaces.map((n) => `Namespace/${n}`),
        hint:
          options.onUncovered === "deny"
            ? "Grant a PSP there before migrating if workloads must run, or keep the denial; --on-uncovered report leaves such namespaces unchecked."
            : "Use --on-uncovered deny to keep PSP's denial.",
      });
    }
    for (const s of g.shadowed) {
      out.push({
        code: "policy-shadowed",
        scope,
        level: "info",
        message: `In ${where}, PSP ${s.psp} never decides anything: ${s.by} is usable by everyone who may use ${s.psp} and ${s.reason === "identical" ? "is the same policy with an earlier name" : `admits unchanged every pod ${s.psp} admits, and sorts first`}. It is left out of the output there.`,
        psps: [s.psp, s.by],
        hint: `If ${s.psp} was meant to restrict these pods, remove their access to ${s.by}.`,
      });
    }
    for (const p of g.effective) {
      const spec = psp(p.psp)?.spec;
      if (spec?.privileged !== true) continue;
      const everyPod = reachesEveryPod(p.usableBy);
      out.push({
        code: everyPod ? "privileged-for-every-pod" : "privileged-for-some",
        scope,
        level: everyPod ? "warning" : "info",
        message: `In ${where}, ${everyPod ? "every pod" : describeUsableBy(p.usableBy)} may run privileged containers: PSP ${p.psp} allows them and is granted by ${p.bindings.join(", ")}. The converted policies keep this.`,
        psps: [p.psp],
        objects: p.bindings,
        hint: everyPod
          ? `Narrow the grants of ${p.psp} (e.g. to the service accounts that need it) before or after migrating.`
          : `Check that ${describeUsableBy(p.usableBy)} need ${p.psp}.`,
      });
    }
    for (const p of g.effective) {
      const leaks = isControllerRequester(p);
      if (leaks.length === 0 || reachesEveryPod(p.usableBy)) continue;
      out.push({
        code: "controller-sa-leak",
        scope,
        level: "warning",
        message: `In ${where}, PSP ${p.psp} is granted to ${leaks.join(", ")}, the identity controllers create pods with: every pod of a Deployment, DaemonSet, StatefulSet, Job or CronJob there may use ${p.psp}, whatever its own service account. The converted policies keep this (they test request.userInfo).`,
        psps: [p.psp],
        objects: p.bindings,
        hint: `Grant ${p.psp} to the workloads' service accounts instead of the controllers.`,
      });
    }
    if (g.style === "policy-set") {
      const requesterOnly = g.effective.filter(
        (p) =>
          !p.usableBy.allServiceAccounts &&
          p.usableBy.serviceAccounts.length === 0 &&
          !p.usableBy.groups.includes(SYSTEM_AUTHENTICATED),
      );
      if (requesterOnly.length > 0) {
        out.push({
          code: "requester-only-grant",
          scope,
          level: "warning",
          message: `In ${where}, ${requesterOnly.map((p) => `${p.psp} (${describeUsableBy(p.usableBy)})`).join("; ")} reach pods only through who sends the request. Admission is exact (the policy-set constraint reads request.userInfo), but Gatekeeper audit has no userInfo: audit reports such pods as violations.`,
          psps: requesterOnly.map((p) => p.psp),
          objects: [...new Set(requesterOnly.flatMap((p) => p.bindings))].sort(),
          hint: "Grant these PSPs to service accounts, or read audit results with this in mind.",
        });
      }
    }
    if (!g.mutation.exact) {
      const whoFor = (psp: string) => {
        const access = g.effective.find((p) => p.psp === psp);
        return access ? ` (usable by ${describeUsableBy(access.usableBy)})` : "";
      };
      out.push({
        code: "mutation-ambiguity",
        scope,
        level: "warning",
        message: `In ${where}, PSP chose the defaults per pod; Gatekeeper's mutators write one set for every pod there (${g.mutation.psp ?? "none"}: ${g.mutation.reason}). Differs for: ${g.mutation.differsFor.map((d) => `${d.psp}${whoFor(d.psp)} — ${d.why}`).join("; ")}.`,
        // Only the policies whose pods are defaulted differently (verify matches them with the PSP that admitted a pod).
        psps: g.mutation.differsFor.map((d) => d.psp),
        hint: g.mutation.psp
          ? `Label those pods psp2gk.io/skip-defaults (the mutators skip them; the constraints still apply, so they need a PSP that admits them unchanged, as PSP preferred), or set the fields ${g.mutation.psp} defaults explicitly (e.g. a privileged container needs allowPrivilegeEscalation: true, or the API server refuses it); psp2gk verify lists the affected pods.`
          : "Set the defaulted fields explicitly in those pods; psp2gk verify lists the affected pods.",
      });
    }
    if (options.style === "per-field" && g.style === "policy-set") {
      out.push({
        code: "per-field-not-exact",
        scope,
        level: "warning",
        message: `--style per-field: in ${where} no PSP reaches every pod (${g.effective.map((p) => `${p.psp}: ${describeUsableBy(p.usableBy)}`).join("; ")}), so per-field constraints would admit pods PSP denied; a policy-set constraint is emitted there instead.`,
        psps: g.effective.map((p) => p.psp),
        hint: "Nothing to do: per-field output cannot express who may use a PSP.",
      });
    }
    if (g.style === "per-field") {
      // Reaching every pod only through system:authenticated leaves out unauthenticated requests.
      const authenticatedOnly = g.effective.filter((p) => g.perField.includes(p.psp) && !p.usableBy.allServiceAccounts);
      if (authenticatedOnly.length > 0) {
        out.push({
          code: "authenticated-grant-only",
          scope,
          level: "warning",
          message: `In ${where}, ${authenticatedOnly.map((p) => p.psp).join(", ")} reach${authenticatedOnly.length > 1 ? "" : "es"} pods through system:authenticated (their requester), not their service account. The per-field constraints apply to every pod, whoever sends it; they differ from PSP only for pods created by unauthenticated (anonymous) requests, which PSP rejected. RBAC normally lets no anonymous request create pods.`,
          psps: authenticatedOnly.map((p) => p.psp),
          objects: [...new Set(authenticatedOnly.flatMap((p) => p.bindings))].sort(),
          hint: "Check that anonymous requests cannot create pods (kubectl auth can-i create pods --as system:anonymous), or use --style policy-set.",
        });
      }
      const exact = g.perField.length === 1 && g.effective.length === 1;
      if (!exact) {
        out.push({
          code: "per-field-not-exact",
          scope,
          level: "warning",
          message: `--style per-field in ${where}: the constraints of ${g.perField.join(" and ")} all apply (an intersection), where PSP admitted a pod when any usable policy did (${g.effective.map((p) => `${p.psp}: ${describeUsableBy(p.usableBy)}`).join("; ")}). Pods admitted by only some of them, or only by policies not listed, are denied.`,
          psps: g.effective.map((p) => p.psp),
          hint: "Use --style auto to get a policy-set constraint where it is needed.",
        });
      }
      const chosen = psp(g.perField[0] as string);
      const narrowed = [...plan.psps.values()]
        .filter((other) => !g.perField.includes(other.metadata.name))
        .filter((other) => !(chosen && coversUnchanged(chosen, other)))
        .map((other) => other.metadata.name);
      if (narrowed.length > 0) {
        out.push({
          code: "masters-narrowed",
          scope,
          level: "info",
          message: `In ${where}, members of system:masters could use every PSP; the per-field constraints give them only ${g.perField.join(", ")}, so pods they create that only ${narrowed.join(", ")} admit are denied.`,
          psps: narrowed,
          hint: "Create such pods through a service account that is granted the policy, or use --style policy-set.",
        });
      }
    }
  }

  // Grants to service accounts the input shows do not exist (only where the input lists the namespace's SAs).
  const sasByNs = new Map<string, Set<string>>();
  for (const s of bundle.serviceAccounts) {
    const ns = s.object.metadata.namespace ?? "default";
    const set = sasByNs.get(ns) ?? new Set<string>();
    set.add(s.object.metadata.name);
    sasByNs.set(ns, set);
  }
  const missing = new Map<string, Set<string>>();
  for (const gr of plan.grants) {
    if (gr.subject.kind !== "ServiceAccount" || !gr.subject.namespace) continue;
    const known = sasByNs.get(gr.subject.namespace);
    if (!known || known.has(gr.subject.name) || gr.subject.name === "default") continue;
    const key = `${gr.subject.namespace}/${gr.subject.name}`;
    const set = missing.get(key) ?? new Set<string>();
    set.add(bindingRef(gr));
    missing.set(key, set);
  }
  for (const [sa, bindings] of [...missing.entries()].sort(([a], [b]) => compareBytewise(a, b))) {
    out.push({
      code: "grant-to-missing-service-account",
      level: "info",
      message: `ServiceAccount ${sa} is granted PSPs but is not among the input's service accounts of its namespace; the grant is converted as written (it applies as soon as the account exists).`,
      objects: [`ServiceAccount/${sa}`, ...[...bindings].sort()],
      hint: "Remove the stale binding, or add the ServiceAccount to the input if it exists.",
    });
  }
  for (const d of rbac.diagnostics) {
    if (d.code !== "rbac-missing-role") continue;
    out.push({
      code: "unknown-role",
      level: "warning",
      message: `${d.message} Its grants are not converted; if the role exists in the cluster, give it in the input.`,
      ...(d.resource ? { objects: [d.resource] } : {}),
      hint: "Include every ClusterRole and Role in the input (kubectl get clusterroles,roles -A -o yaml).",
    });
  }
  return out;
}
