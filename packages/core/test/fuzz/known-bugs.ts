/**
 * Disagreements the cluster fuzz found and reported to the lead, each with its counterexample case in
 * known-bugs/ (replayed with `it.fails` by known-bugs.test.ts). The fuzz leaves out a pod verdict one of
 * these recognises (counted and printed, never silently), so it keeps looking for new bugs. Each
 * predicate is as narrow as the bug: it looks at the verdict, not just at the cluster.
 */
import type { ConversionResult } from "../../src/convert/convert.js";
import type { Bundle } from "../../src/model/bundle.js";
import type { Pod } from "../../src/model/k8s-types.js";
import { admit, VALIDATED_PSP_ANNOTATION } from "../../src/psp/admit.js";
import { requesterIdentity } from "../../src/rbac/identity.js";
import { resolveRbac } from "../../src/rbac/resolve.js";
import { type PodVerdict, replayGatekeeper, type Simulators, serviceAccountAdmission } from "../../src/verify/index.js";
import type { PspInput } from "../oracle/client.js";
import type { FuzzInput } from "./cluster-arbitrary.js";

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

function policySetPspsFor(converted: ConversionResult, namespace: string): string[] {
  return (converted.plan?.groups ?? [])
    .filter((g) => g.style === "policy-set")
    .filter((g) =>
      g.namespaces === null ? !g.excludedNamespaces.includes(namespace) : g.namespaces.includes(namespace),
    )
    .flatMap((g) => g.effective.map((e) => e.psp));
}

/** The pod as Gatekeeper stored it, created again under PSP: admitted, and left unchanged? */
function storedPodAdmittedUnchanged(ctx: KnownBugContext): boolean {
  const namespace = ctx.verdict.namespace;
  const sent = serviceAccountAdmission({ ...ctx.pod, metadata: { ...ctx.pod.metadata, namespace } }, undefined).pod;
  const { user, groups } = ctx.input.cluster.requester;
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
    // known-bugs/policy-set-seccomp-default-not-allowed.yaml. A PSP whose seccomp defaultProfileName
    // its allowedProfileNames do not allow (absent list: "seccomp may not be set") rejects every pod it
    // defaults; the policy-set constraint judges that PSP on the pod without its default, and admits
    // pods no usable PSP admits.
    name: "policy-set-seccomp-default-not-allowed",
    hits: ({ input, converted, verdict }) =>
      verdict.kind === "security-regression" &&
      policySetPspsFor(converted, verdict.namespace).some((name) => {
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
