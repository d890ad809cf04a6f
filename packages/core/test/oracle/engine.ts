/**
 * Our side of the differential: the PSP engine (`src/psp/admit.ts`) and the RBAC resolver
 * (`src/rbac/index.ts`), asked the same question as the oracle. The RBAC resolver is another
 * engineer's stage and is loaded only if it has landed, so this file (and the oracle-vs-case sanity
 * run) works without it; scenarios that need it say so instead of running against a fake.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Pod, PodSecurityPolicy } from "../../src/model/k8s-types.js";
import type { AdmissionResult } from "../../src/psp/admission-types.js";
import { admit } from "../../src/psp/admit.js";
import { type Authorizer, allowAll } from "../../src/psp/authorizer.js";
import { REPO_ROOT } from "../cases/read-cases.js";
import { engineIdentity, type Scenario } from "./scenario.js";

type RbacModule = { rbacFromObjects(objects: unknown[]): { authorizer: Authorizer } };

async function optionalModule<T>(relative: string): Promise<T | undefined> {
  const file = resolve(REPO_ROOT, "packages/core/src", relative);
  if (!existsSync(file)) return undefined;
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as T;
}

const rbac = await optionalModule<RbacModule>("rbac/index.ts");

/** Why the engine cannot answer this scenario yet, or undefined when it can. */
export function engineUnavailable(s: Scenario): string | undefined {
  if (s.rbac !== null && !rbac) return "src/rbac/index.ts (rbacFromObjects) has not landed";
  return undefined;
}

/** Cached per RBAC object list: building the authorizer is the RBAC stage's work, not ours to repeat per pod. */
const authorizers = new WeakMap<object, Authorizer>();

function authorizerFor(s: Scenario): Authorizer {
  if (s.rbac === null) return allowAll;
  const cached = authorizers.get(s.rbac);
  if (cached) return cached;
  if (!rbac) throw new Error("src/rbac/index.ts has not landed");
  const objects = s.rbac.map((o) => ({ apiVersion: "rbac.authorization.k8s.io/v1", ...o }));
  const authorizer = rbac.rbacFromObjects(objects).authorizer;
  authorizers.set(s.rbac, authorizer);
  return authorizer;
}

/**
 * `psps` are the PSPs as the oracle stored them (API-defaulted by the real server), so a difference
 * here is about admission, not about our defaulting (which the case runners check).
 */
export function engineAdmit(s: Scenario, psps: readonly PodSecurityPolicy[]): AdmissionResult {
  return admit(
    structuredClone(s.pod),
    {
      operation: s.operation,
      user: engineIdentity(s),
      ...(s.oldPod ? { oldPod: structuredClone(s.oldPod) as Pod } : {}),
    },
    { psps, authorizer: authorizerFor(s) },
  );
}
