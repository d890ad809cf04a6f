import type { Concern } from "../../psp/concern.js";
import { coversProcMount } from "./covers.js";
import { validateProcMount } from "./validate.js";

export const concern: Concern = {
  name: "proc-mount",
  coversUnchanged: coversProcMount,
  pspFields: ["spec.allowedProcMountTypes"],
  mayMutate: () => false,
  validateContainer: validateProcMount,
};
