import type { Concern } from "../../psp/concern.js";
import { coversPrivileged } from "./covers.js";
import { validatePrivileged } from "./validate.js";

export const concern: Concern = {
  name: "privileged",
  coversUnchanged: coversPrivileged,
  pspFields: ["spec.privileged"],
  // Since v1.9 (PR #52849) PSP no longer writes `privileged: false`.
  mayMutate: () => false,
  validateContainer: validatePrivileged,
};
