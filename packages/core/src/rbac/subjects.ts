/**
 * Subject matching (`appliesToUser` in pkg/registry/rbac/validation/rule.go), turned into lookup keys
 * so the authorizer can index grants by the identity attributes that select them: a binding subject
 * and an identity match exactly when they share a key.
 */

import type { Subject } from "../model/k8s-types.js";
import type { Identity } from "../psp/authorizer.js";
import { serviceAccountUsername } from "./identity.js";
import type { GrantSubject } from "./types.js";

/** `u:<username>` or `g:<group>`. */
export type SubjectKey = string;

const userKey = (name: string): SubjectKey => `u:${name}`;
const groupKey = (name: string): SubjectKey => `g:${name}`;

export type ResolvedSubject =
  | { ok: true; key: SubjectKey; subject: GrantSubject }
  | { ok: false; problem: string; path: string };

/**
 * The key a binding subject matches under. `bindingNamespace` is the RoleBinding's namespace, or
 * undefined for a ClusterRoleBinding, where a ServiceAccount subject without a namespace matches
 * nobody (Kubernetes' validation requires the namespace there, and the authorizer finds no user).
 */
export function resolveSubject(subject: Subject, bindingNamespace: string | undefined): ResolvedSubject {
  switch (subject.kind) {
    case "User":
      return { ok: true, key: userKey(subject.name), subject: { kind: "User", name: subject.name } };
    case "Group":
      return { ok: true, key: groupKey(subject.name), subject: { kind: "Group", name: subject.name } };
    case "ServiceAccount": {
      const ns = subject.namespace || bindingNamespace;
      if (!ns) {
        return {
          ok: false,
          path: "namespace",
          problem: `ServiceAccount subject ${JSON.stringify(subject.name)} has no namespace; in a ClusterRoleBinding it matches nobody`,
        };
      }
      return {
        ok: true,
        key: userKey(serviceAccountUsername(ns, subject.name)),
        subject: { kind: "ServiceAccount", name: subject.name, namespace: ns },
      };
    }
    default:
      return {
        ok: false,
        path: "kind",
        problem: `unknown subject kind ${JSON.stringify((subject as { kind?: unknown }).kind)} (want User, Group or ServiceAccount); it matches nobody`,
      };
  }
}

/** Every key an identity is matched under: its username and each of its groups. */
export function identityKeys(identity: Identity): SubjectKey[] {
  return [userKey(identity.user), ...identity.groups.map(groupKey)];
}
