import type { Concern } from "../../psp/concern.js";
import { coversVolumes } from "./covers.js";
import { validateVolumes } from "./validate.js";

/** Volume types, allowedHostPaths, allowedFlexVolumes, allowedCSIDrivers. */
export const concern: Concern = {
  name: "volumes",
  coversUnchanged: coversVolumes,
  pspFields: ["spec.volumes", "spec.allowedHostPaths", "spec.allowedFlexVolumes", "spec.allowedCSIDrivers"],
  mayMutate: () => false,
  validatePod: validateVolumes,
};
