import type { Concern } from "../../psp/concern.js";
import { coversHostNamespaces } from "./covers.js";
import { validateHostNamespaces } from "./validate.js";

/** hostPID and hostIPC (hostNetwork lives with host ports in `host-network-and-ports`). */
export const concern: Concern = {
  name: "host-namespaces",
  coversUnchanged: coversHostNamespaces,
  pspFields: ["spec.hostPID", "spec.hostIPC"],
  mayMutate: () => false,
  validatePod: validateHostNamespaces,
};
