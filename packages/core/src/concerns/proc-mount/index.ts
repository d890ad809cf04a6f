import type { Concern } from "../../psp/concern.js";
import { validateProcMount } from "./validate.js";

export const concern: Concern = {
  name: "proc-mount",
  pspFields: ["spec.allowedProcMountTypes"],
  mayMutate: () => false,
  validateContainer: validateProcMount,
};
