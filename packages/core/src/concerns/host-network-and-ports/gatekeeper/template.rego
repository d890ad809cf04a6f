# Psp2gkHostNetworkAndPorts (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `hostNetwork`: spec.hostNetwork true needs the parameter true (allows, does not require).
# PSP `hostPorts`: every container port (init, regular, ephemeral) with hostPort > 0 must lie in one of
# the ranges (min..max inclusive; several ranges = any of them); no ranges = no host ports.
package psp2gkhostnetworkandports

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

containers := array.concat(
	array.concat(object.get(input.review.object.spec, "initContainers", []), object.get(input.review.object.spec, "containers", [])),
	object.get(input.review.object.spec, "ephemeralContainers", [])
)

allowHostNetwork {
	object.get(input.parameters, "hostNetwork", false) == true
}

usesHostNetwork {
	object.get(input.review.object.spec, "hostNetwork", false) == true
}

hostPortRanges := object.get(input.parameters, "hostPorts", [])

allowedPortsText := concat(",", [rangeText(r) | r := hostPortRanges[_]])

rangeText(r) = text {
	r.min == r.max
	text := sprintf("%d", [r.min])
} else = text {
	text := sprintf("%d-%d", [r.min, r.max])
}

badHostPortContainers := [sprintf("%s: %s", [c.name, concat(",", ports)]) |
	c := containers[_]
	containerPorts := object.get(c, "ports", [])
	ports := [sprintf("%d", [p.hostPort]) | p := containerPorts[_]; hostPortNotAllowed(p)]
	count(ports) > 0
]

hostPortNotAllowed(p) {
	object.get(p, "hostPort", 0) > 0
	not hostPortInRanges(p.hostPort)
}

hostPortInRanges(port) {
	r := hostPortRanges[_]
	port >= r.min
	port <= r.max
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	not allowHostNetwork
	usesHostNetwork
	msg := "spec.hostNetwork: Invalid value: true: Host network is not allowed to be used"
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(badHostPortContainers) > 0
	msg := sprintf("hostPort: Host ports are not allowed to be used (%s). Allowed ports: [%s]", [concat("; ", badHostPortContainers), allowedPortsText])
}
