import type { Concern } from "../../psp/concern.js";

// Placeholder until this concern's defaulting and validation land (the registry imports every folder).
export const concern: Concern = { name: "run-as-user", pspFields: [] };
