package vn.govcomm.deployment;

import java.util.List;
import java.util.Map;

import vn.govcomm.deployment.Repo.Y;

/**
 * Evaluates NetworkPolicy objects the way the API defines them (policies are additive; a pod selected by no policy
 * of a direction is open in that direction), for pods described by their labels and namespace.
 */
final class NetworkPolicies {

	record Pod(String namespace, Map<String, String> labels) {

		Map<String, String> namespaceLabels() {
			return Map.of("kubernetes.io/metadata.name", this.namespace);
		}
	}

	private final String namespace;

	private final List<Map<String, Object>> policies;

	NetworkPolicies(String namespace, List<Map<String, Object>> policies) {
		this.namespace = namespace;
		this.policies = policies;
	}

	Pod pod(Map<String, String> labels) {
		return new Pod(this.namespace, labels);
	}

	boolean allows(Pod from, Pod to, String protocol, int port) {
		return egressAllowed(from, to, protocol, port) && ingressAllowed(from, to, protocol, port);
	}

	boolean ingressAllowed(Pod from, Pod to, String protocol, int port) {
		return allowed("Ingress", "ingress", "from", to, from, protocol, port);
	}

	boolean egressAllowed(Pod from, Pod to, String protocol, int port) {
		return allowed("Egress", "egress", "to", from, to, protocol, port);
	}

	private boolean allowed(String type, String rulesKey, String peersKey, Pod subject, Pod peer, String protocol,
			int port) {
		if (!subject.namespace().equals(this.namespace)) {
			return true; // policies of other namespaces are not ours to judge
		}
		boolean selected = false;
		for (Map<String, Object> policy : this.policies) {
			Map<String, Object> spec = Y.mapAt(policy, "spec");
			if (!Y.list(spec.get("policyTypes")).contains(type)
					|| !LabelSelectors.matches(spec.get("podSelector"), subject.labels())) {
				continue;
			}
			selected = true;
			for (Map<String, Object> rule : Y.maps(spec.get(rulesKey))) {
				if (peerMatches(Y.maps(rule.get(peersKey)), peer, rule.containsKey(peersKey))
						&& portMatches(Y.maps(rule.get("ports")), protocol, port)) {
					return true;
				}
			}
		}
		return !selected;
	}

	private boolean peerMatches(List<Map<String, Object>> peers, Pod peer, boolean peersGiven) {
		if (!peersGiven || peers.isEmpty()) {
			return true;
		}
		for (Map<String, Object> candidate : peers) {
			if (candidate.containsKey("ipBlock")) {
				continue; // in-cluster pods are selected by labels; ipBlocks are for outside addresses
			}
			boolean namespaceOk = candidate.containsKey("namespaceSelector")
					? LabelSelectors.matches(candidate.get("namespaceSelector"), peer.namespaceLabels())
					: peer.namespace().equals(this.namespace);
			boolean podOk = !candidate.containsKey("podSelector")
					|| LabelSelectors.matches(candidate.get("podSelector"), peer.labels());
			if (namespaceOk && podOk) {
				return true;
			}
		}
		return false;
	}

	private static boolean portMatches(List<Map<String, Object>> ports, String protocol, int port) {
		if (ports.isEmpty()) {
			return true;
		}
		for (Map<String, Object> candidate : ports) {
			String candidateProtocol = Y.str(candidate, "protocol");
			if ((candidateProtocol == null ? "TCP" : candidateProtocol).equals(protocol)
					&& (candidate.get("port") == null || Integer.valueOf(port).equals(candidate.get("port")))) {
				return true;
			}
		}
		return false;
	}

}
