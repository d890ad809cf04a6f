# Psp2gkHostNamespaces (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `hostPID` / `hostIPC` (checked separately): a pod asking for the host namespace needs the
# parameter to be true; true allows, it does not require.
package psp2gkhostnamespaces

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

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
