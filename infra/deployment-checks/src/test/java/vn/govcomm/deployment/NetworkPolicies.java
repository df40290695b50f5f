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

	/**
	 * Whether a pod may open a connection to an address outside the cluster (egress only: the far end is no pod, and
	 * an ipBlock is the only peer that can select it). In-cluster peers (pod or namespace selectors) never match.
	 */
	boolean allowsToOutside(Pod from, String address, String protocol, int port) {
		if (!from.namespace().equals(this.namespace)) {
			return true;
		}
		boolean selected = false;
		for (Map<String, Object> policy : this.policies) {
			Map<String, Object> spec = Y.mapAt(policy, "spec");
			if (!Y.list(spec.get("policyTypes")).contains("Egress")
					|| !LabelSelectors.matches(spec.get("podSelector"), from.labels())) {
				continue;
			}
			selected = true;
			for (Map<String, Object> rule : Y.maps(spec.get("egress"))) {
				List<Map<String, Object>> peers = Y.maps(rule.get("to"));
				boolean peerOk = !rule.containsKey("to") || peers.isEmpty() || peers.stream()
					.anyMatch((peer) -> peer.containsKey("ipBlock") && inBlock(Y.mapAt(peer, "ipBlock"), address));
				if (peerOk && portMatches(Y.maps(rule.get("ports")), protocol, port)) {
					return true;
				}
			}
		}
		return !selected;
	}

	private static boolean inBlock(Map<String, Object> block, String address) {
		if (!inCidr(Y.str(block, "cidr"), address)) {
			return false;
		}
		return Y.list(block.get("except")).stream().noneMatch((except) -> inCidr(String.valueOf(except), address));
	}

	/** IPv4 only, which is what the policies name. */
	static boolean inCidr(String cidr, String address) {
		String[] parts = cidr.split("/");
		int bits = Integer.parseInt(parts[1]);
		long mask = (bits == 0) ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
		return (ipv4(parts[0]) & mask) == (ipv4(address) & mask);
	}

	private static long ipv4(String address) {
		long value = 0;
		for (String octet : address.split("\\.")) {
			value = (value << 8) | Integer.parseInt(octet);
		}
		return value;
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
