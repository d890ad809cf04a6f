import type { Concern } from "../../psp/concern.js";
import { coversSysctls } from "./covers.js";
import { validateSysctls } from "./validate.js";

export const concern: Concern = {
  name: "sysctls",
  coversUnchanged: coversSysctls,
  pspFields: ["spec.allowedUnsafeSysctls", "spec.forbiddenSysctls"],
  mayMutate: () => false,
  validatePod: validateSysctls,
};
