/**
 * Building blocks shared by the per-kind schemas. Every object schema is `z.looseObject`: unknown
 * fields are kept, because pods and workloads are re-emitted and nothing the user wrote may be lost.
 * The schemas check JSON types only; Kubernetes' own object rules live in `../psp-validation.ts`.
 */
import { z } from "zod";

/** An integer as Kubernetes' int32/int64 fields accept it (YAML `1.0` is not one). */
export const int = z.number().int();
export const stringList = z.array(z.string());
export const stringMap = z.record(z.string(), z.string());

/** Metadata fields psp2gk reads; managedFields, uid, resourceVersion and the rest pass through. */
const metaFields = {
  namespace: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  ownerReferences: z.array(z.unknown()).optional(),
  finalizers: stringList.optional(),
};

/** Metadata of an object that must be named (everything except a Pod, which may use generateName). */
export const namedMeta = z.looseObject({ name: z.string().min(1, "name or generateName is required"), ...metaFields });

/** Pod metadata: a name, or a generateName as the API server accepts on create. */
export const podMeta = z
  .looseObject({ name: z.string().optional(), generateName: z.string().optional(), ...metaFields })
  .superRefine((m, ctx) => {
    if (!m.name && !m.generateName) {
      ctx.addIssue({ code: "custom", message: "name or generateName is required", path: ["name"], input: m.name });
    }
  });

export const labelSelector = z.looseObject({
  matchLabels: stringMap.optional(),
  matchExpressions: z
    .array(
      z.looseObject({
        key: z.string(),
        operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
        values: stringList.optional(),
      }),
    )
    .optional(),
});

export const seLinuxOptions = z.looseObject({
  user: z.string().optional(),
  role: z.string().optional(),
  type: z.string().optional(),
  level: z.string().optional(),
});
