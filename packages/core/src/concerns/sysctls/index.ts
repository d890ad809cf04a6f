import type { Concern } from "../../psp/concern.js";
import { validateSysctls } from "./validate.js";

export const concern: Concern = {
  name: "sysctls",
  pspFields: ["spec.allowedUnsafeSysctls", "spec.forbiddenSysctls"],
  mayMutate: () => false,
  validatePod: validateSysctls,
};
