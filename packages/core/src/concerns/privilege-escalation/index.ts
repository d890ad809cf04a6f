import type { Concern } from "../../psp/concern.js";
import { defaultPrivilegeEscalation, mayMutatePrivilegeEscalation, validatePrivilegeEscalation } from "./logic.js";

export const concern: Concern = {
  name: "privilege-escalation",
  pspFields: ["spec.allowPrivilegeEscalation", "spec.defaultAllowPrivilegeEscalation"],
  mayMutate: mayMutatePrivilegeEscalation,
  defaultContainer: defaultPrivilegeEscalation,
  validateContainer: validatePrivilegeEscalation,
};
