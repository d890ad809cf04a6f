import type { Concern } from "../../psp/concern.js";
import { defaultRuntimeClass, validateRuntimeClass } from "./logic.js";

export const concern: Concern = {
  name: "runtime-class",
  pspFields: ["spec.runtimeClass"],
  mayMutate: (psp) => psp.spec.runtimeClass?.defaultRuntimeClassName != null,
  defaultPod: defaultRuntimeClass,
  validatePod: validateRuntimeClass,
};
