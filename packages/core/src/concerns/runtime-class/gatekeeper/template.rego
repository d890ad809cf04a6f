# Psp2gkRuntimeClass (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `runtimeClass.allowedRuntimeClassNames`: a pod without spec.runtimeClassName is always fine; a
# set one must be listed (or `*` listed). An empty list allows only pods without a runtime class.
package psp2gkruntimeclass

# PSP never evaluates DELETE (Gatekeeper with --enable-delete-operations passes the deleted pod as object).
notDelete {
	input.review.operation != "DELETE"
}

# Nor an UPDATE that changes nothing but metadata.ownerReferences / metadata.finalizers.
notGcOnlyUpdate {
	input.review.operation != "UPDATE"
}

notGcOnlyUpdate {
	input.review.operation == "UPDATE"
	not gcOnlyChange
}

gcOnlyChange {
	object.remove(input.review.object, ["metadata"]) == object.remove(input.review.oldObject, ["metadata"])
	gcFields := ["ownerReferences", "finalizers"]
	object.remove(input.review.object.metadata, gcFields) == object.remove(input.review.oldObject.metadata, gcFields)
}

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
