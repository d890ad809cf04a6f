import type { Concern } from "../../psp/concern.js";
import { coversPrivilegeEscalation } from "./covers.js";
import { defaultPrivilegeEscalation, mayMutatePrivilegeEscalation, validatePrivilegeEscalation } from "./logic.js";

export const concern: Concern = {
  name: "privilege-escalation",
  coversUnchanged: coversPrivilegeEscalation,
  pspFields: ["spec.allowPrivilegeEscalation", "spec.defaultAllowPrivilegeEscalation"],
  mayMutate: mayMutatePrivilegeEscalation,
  defaultContainer: defaultPrivilegeEscalation,
  validateContainer: validatePrivilegeEscalation,
};
