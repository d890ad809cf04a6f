# Psp2gkHostNamespaces (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `hostPID` / `hostIPC` (checked separately): a pod asking for the host namespace needs the
# parameter to be true; true allows, it does not require.
package psp2gkhostnamespaces

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

allowHostPID {
	object.get(input.parameters, "hostPID", false) == true
}

allowHostIPC {
	object.get(input.parameters, "hostIPC", false) == true
}

usesHostPID {
	object.get(input.review.object.spec, "hostPID", false) == true
}

usesHostIPC {
	object.get(input.review.object.spec, "hostIPC", false) == true
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	not allowHostPID
	usesHostPID
	msg := "spec.hostPID: Invalid value: true: Host PID is not allowed to be used"
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	not allowHostIPC
	usesHostIPC
	msg := "spec.hostIPC: Invalid value: true: Host IPC is not allowed to be used"
}
