/**
 * runAsUser: MustRunAs (UID in ranges, defaulted to the first range's min), MustRunAsNonRoot
 * (no root UID; marks containers runAsNonRoot), RunAsAny. See README.md.
 */
import type { Concern } from "../../psp/concern.js";
import { coversRunAsUser } from "./covers.js";
import { defaultRunAsUser } from "./defaulting.js";
import { runAsUserInertReason } from "./inert.js";
import { validateRunAsUser } from "./validation.js";

export const concern: Concern = {
  name: "run-as-user",
  coversUnchanged: coversRunAsUser,
  pspFields: ["spec.runAsUser"],
  inertReason: runAsUserInertReason,
  mayMutate: (psp) => psp.spec.runAsUser?.rule === "MustRunAs" || psp.spec.runAsUser?.rule === "MustRunAsNonRoot",
  defaultContainer: defaultRunAsUser,
  validateContainer: validateRunAsUser,
};
