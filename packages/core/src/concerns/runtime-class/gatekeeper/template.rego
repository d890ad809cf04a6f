# Psp2gkRuntimeClass (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `runtimeClass.allowedRuntimeClassNames`: a pod without spec.runtimeClassName is always fine; a
# set one must be listed (or `*` listed). An empty list allows only pods without a runtime class.
package psp2gkruntimeclass

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

allowedRuntimeClassNames := object.get(input.parameters, "allowedRuntimeClassNames", [])

runtimeClassAllowed {
	not has_key(input.review.object.spec, "runtimeClassName")
}

runtimeClassAllowed {
	allowedRuntimeClassNames[_] == "*"
}

runtimeClassAllowed {
	allowedRuntimeClassNames[_] == input.review.object.spec.runtimeClassName
}

has_key(obj, key) {
	_ = obj[key]
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	not runtimeClassAllowed
	msg := sprintf("spec.runtimeClassName: Invalid value: \"%s\": runtime class is not allowed (allowed: %s)", [input.review.object.spec.runtimeClassName, concat(", ", allowedRuntimeClassNames)])
}
