import type { Concern } from "../../psp/concern.js";
import { coversRuntimeClass } from "./covers.js";
import { defaultRuntimeClass, validateRuntimeClass } from "./logic.js";

export const concern: Concern = {
  name: "runtime-class",
  coversUnchanged: coversRuntimeClass,
  pspFields: ["spec.runtimeClass"],
  mayMutate: (psp) => psp.spec.runtimeClass?.defaultRuntimeClassName != null,
  defaultPod: defaultRuntimeClass,
  validatePod: validateRuntimeClass,
};
