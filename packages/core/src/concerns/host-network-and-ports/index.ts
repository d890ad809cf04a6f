import type { Concern } from "../../psp/concern.js";
import { coversHostNetworkAndPorts } from "./covers.js";
import { validateHostNetwork, validateHostPorts } from "./validate.js";

/** hostNetwork (pod) and hostPorts (every container, init and ephemeral included). */
export const concern: Concern = {
  name: "host-network-and-ports",
  coversUnchanged: coversHostNetworkAndPorts,
  pspFields: ["spec.hostNetwork", "spec.hostPorts"],
  mayMutate: () => false,
  validatePod: validateHostNetwork,
  validateContainer: validateHostPorts,
};
