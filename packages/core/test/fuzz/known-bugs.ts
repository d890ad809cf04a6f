/**
 * Disagreements the cluster fuzz found and reported to the lead, each with its counterexample case in
 * known-bugs/ (replayed with `it.fails` by known-bugs.test.ts). The fuzz leaves out a pod verdict one of
 * these recognises (counted and printed, never silently), so it keeps looking for new bugs. Each
 * predicate is as narrow as the bug: it looks at the verdict, not just at the cluster.
 */
import type { ConversionResult } from "../../src/convert/convert.js";
import type { Bundle } from "../../src/model/bundle.js";
import { findingAppliesTo } from "../../src/model/findings.js";
import type { Pod } from "../../src/model/k8s-types.js";
import { admit, VALIDATED_PSP_ANNOTATION } from "../../src/psp/admit.js";
import { requesterIdentity } from "../../src/rbac/identity.js";
import { resolveRbac } from "../../src/rbac/resolve.js";
import { type PodVerdict, replayGatekeeper, type Simulators, serviceAccountAdmission } from "../../src/verify/index.js";
import type { PspInput } from "../oracle/client.js";
import type { FuzzInput } from "./cluster-arbitrary.js";
import { violations } from "./counterexample.js";

export interface KnownBugContext {
  input: FuzzInput;
  bundle: Bundle;
  converted: ConversionResult;
  /** The generated pod of the verdict. */
  pod: Pod;
  verdict: PodVerdict;
  /** Compiled once per cluster, on first use. */
  simulators: () => Simulators;
}

export interface KnownBug {
  name: string;
  hits: (ctx: KnownBugContext) => boolean;
}

const RUNTIME_DEFAULT = ["runtime/default", "docker/default"];

/** A seccomp defaultProfileName the PSP's own allowedProfileNames do not allow (absent list: none is). */
export function seccompDefaultNotAllowed(p: PspInput): boolean {
  const def = p.annotations?.["seccomp.security.alpha.kubernetes.io/defaultProfileName"];
  if (def === undefined) return false;
  const allowed = (p.annotations?.["seccomp.security.alpha.kubernetes.io/allowedProfileNames"] ?? "").split(",");
  const same = (a: string) => a === def || (RUNTIME_DEFAULT.includes(a) && RUNTIME_DEFAULT.includes(def));
  return !allowed.some((a) => a === "*" || same(a));
}

/** The effective PSPs of the groups covering `namespace` (policy-set groups only, unless `anyStyle`). */
function pspsFor(converted: ConversionResult, namespace: string, anyStyle: boolean): string[] {
  return (converted.plan?.groups ?? [])
    .filter((g) => anyStyle || g.style === "policy-set")
    .filter((g) =>
      g.namespaces === null ? !g.excludedNamespaces.includes(namespace) : g.namespaces.includes(namespace),
    )
    .flatMap((g) => g.effective.map((e) => e.psp));
}

/** The pod as Gatekeeper stored it, created again under PSP: admitted, and left unchanged? */
function storedPodAdmittedUnchanged(ctx: KnownBugContext): boolean {
  const namespace = ctx.verdict.namespace;
  const sent = serviceAccountAdmission({ ...ctx.pod, metadata: { ...ctx.pod.metadata, namespace } }, undefined).pod;
  const { user, groups } = ctx.verdict.requester;
  const gk = replayGatekeeper(ctx.simulators(), sent, {
    operation: "create",
    userInfo: { username: user, groups },
    namespaces: ctx.bundle.namespaces.map((n) => n.object),
  });
  const stored = structuredClone(gk.pod);
  delete stored.metadata.annotations?.[VALIDATED_PSP_ANNOTATION];
  const again = admit(
    stored,
    { operation: "create", namespace, user: requesterIdentity(user, groups) },
    { psps: ctx.bundle.psps.map((p) => p.object), authorizer: resolveRbac(ctx.bundle).authorizer },
  );
  return again.allowed && Object.keys(again.mutations).length === 0;
}

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    // known-bugs/classify-cites-mutation-not-on-update-on-create.yaml. For a refusal (per-field constraint
    // or policy set) classify takes the first warning of the refusing concern / about the chosen PSP,
    // mutation-not-on-update included — a finding about UPDATE, cited for a CREATE. Here the right
    // explanation (the group's mutation-ambiguity: alpha's defaults are not written) exists but comes
    // later; the mutation-difference path already skips mutation-not-on-update, the refusal path should too.
    name: "classify-cites-mutation-not-on-update-on-create",
    hits: ({ verdict }) => {
      const v = violations(verdict);
      return v.length > 0 && v.every((x) => x.includes("explained only by mutation-not-on-update"));
    },
  },
  {
    // known-bugs/policy-set-admits-pod-its-psps-defaults-make-invalid.yaml. PSP defaulted the pod with
    // the PSP it chose (e.g. defaultAllowPrivilegeEscalation: false on a privileged container) and core
    // validation refused the result. The group's mutators do not write that PSP's defaults (it is not
    // usable by every pod), and the policy set admits the pod as sent. mutation-ambiguity names the PSP
    // but predicts refusals, not admissions; classify explains a looser decision only with an error.
    name: "policy-set-admits-pod-its-psps-defaults-make-invalid",
    hits: ({ verdict }) =>
      verdict.kind === "security-regression" && /^Pod "[^"]*" is invalid: /.test(verdict.psp.message ?? ""),
  },
  {
    // known-bugs/per-field-style-difference-not-explained.yaml. --style per-field where several policies
    // are usable: the per-field-not-exact warning (in the pod's namespace) says pods admitted by only
    // some of them are denied, but classify consults it only for policy-set refusals, so (1) a refusal
    // by a per-field constraint stays unexplained unless a finding of that constraint's concern exists;
    // (2) plan.ts chooses the mutation among the per-field policies only, so a usable PSP left out of
    // them that PSP chose (and whose defaults differ) gets no mutation-ambiguity, and the pod stored
    // with the other PSP's defaults is an unexplained mutation difference.
    name: "per-field-style-difference-not-explained",
    hits: ({ input, converted, verdict }) =>
      input.options.style === "per-field" &&
      (verdict.kind === "availability-regression" || verdict.kind === "mutation-difference") &&
      converted.findings.some((f) => f.code === "per-field-not-exact" && findingAppliesTo(f, verdict.namespace)),
  },
  {
    // known-bugs/policy-set-seccomp-default-not-allowed.yaml. A PSP whose seccomp defaultProfileName
    // its allowedProfileNames do not allow (absent list: "seccomp may not be set") rejects every pod it
    // defaults. Where its default is not written by a mutator — in a policy set (only the chosen PSP's
    // defaults are written), or anywhere with --mutation none — the constraints judge it on the pod
    // without the default, and admit pods no usable PSP admits.
    name: "policy-set-seccomp-default-not-allowed",
    hits: ({ input, converted, verdict }) =>
      verdict.kind === "security-regression" &&
      // That PSP refused the pod for its seccomp profile (the default it wrote), as PSP's message says.
      /seccomp/.test(verdict.psp.message ?? "") &&
      pspsFor(converted, verdict.namespace, input.options.mutation === "none").some((name) => {
        const psp = input.cluster.psps.find((p) => p.name === name);
        return psp !== undefined && seccompDefaultNotAllowed(psp);
      }),
  },
  {
    // known-bugs/policy-set-admits-after-other-psps-defaults.yaml. The group's mutators write one PSP's
    // defaults (here charlie's seccomp runtime/default) into every pod; another PSP of the policy set
    // (delta, which requires a listed profile and has no default) then admits the defaulted pod, while
    // PSP judged delta on the pod as sent and denied. What Gatekeeper stores, PSP would admit unchanged,
    // so nothing is gained; but the security regression is unexplained (mutation-ambiguity speaks of
    // mutation differences only, and classify explains a looser decision only with an error finding).
    name: "policy-set-admits-after-other-psps-defaults",
    hits: (ctx) =>
      ctx.verdict.kind === "security-regression" &&
      ctx.verdict.gatekeeper.mutators.length > 0 &&
      storedPodAdmittedUnchanged(ctx),
  },
];
