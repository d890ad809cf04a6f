/** Ready-made PolicyContexts, for testing one policy (or a set) in isolation. */
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import type { PolicyContext } from "./admission-types.js";
import { allowAll } from "./authorizer.js";

/** Every PSP usable by everyone — the upstream tests' nil authorizer, or a `system:masters` requester. */
export function allowAllContext(psps: readonly PodSecurityPolicy[]): PolicyContext {
  return { psps, authorizer: allowAll };
}
