# Psp2gkPrivileged (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `privileged: false`: no container (init, regular, ephemeral) may set securityContext.privileged: true.
package psp2gkprivileged

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

containers := array.concat(
	array.concat(object.get(input.review.object.spec, "initContainers", []), object.get(input.review.object.spec, "containers", [])),
	object.get(input.review.object.spec, "ephemeralContainers", [])
)

privilegedContainers := [c.name |
	c := containers[_]
	object.get(c, ["securityContext", "privileged"], false) == true
]

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(privilegedContainers) > 0
	msg := sprintf("securityContext.privileged: Invalid value: true: Privileged containers are not allowed (containers: %s)", [concat(", ", privilegedContainers)])
}
