# Psp2gkProcMount (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `allowedProcMountTypes`: every container's procMount (unset = Default) must be listed; an empty
# or absent list means [Default].
package psp2gkprocmount

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

containers := array.concat(
	array.concat(object.get(input.review.object.spec, "initContainers", []), object.get(input.review.object.spec, "containers", [])),
	object.get(input.review.object.spec, "ephemeralContainers", [])
)

allowedProcMountTypes = input.parameters.allowedProcMountTypes {
	count(object.get(input.parameters, "allowedProcMountTypes", [])) > 0
} else = ["Default"]

badProcMountContainers := [c.name |
	c := containers[_]
	not procMountAllowed(object.get(c, ["securityContext", "procMount"], "Default"))
]

procMountAllowed(procMount) {
	allowedProcMountTypes[_] == procMount
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(badProcMountContainers) > 0
	msg := sprintf("securityContext.procMount: ProcMountType is not allowed (containers: %s; allowed: %s)", [concat(", ", badProcMountContainers), concat(", ", allowedProcMountTypes)])
}
