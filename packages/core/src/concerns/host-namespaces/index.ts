import type { Concern } from "../../psp/concern.js";
import { validateHostNamespaces } from "./validate.js";

/** hostPID and hostIPC (hostNetwork lives with host ports in `host-network-and-ports`). */
export const concern: Concern = {
  name: "host-namespaces",
  pspFields: ["spec.hostPID", "spec.hostIPC"],
  mayMutate: () => false,
  validatePod: validateHostNamespaces,
};
