package vn.govcomm.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import vn.govcomm.deployment.Repo.Y;
import vn.govcomm.deployment.ServiceListeners.Listener;

/**
 * Kafka access control as the platform needs it: the ACLs each service must have, derived from the event contract
 * (who sends which topic) and the services' listeners (who receives which topic, in which group, and so writes and
 * reads that topic's dead letters), and a comparison with the ACLs a deployment grants (Strimzi KafkaUsers, or what
 * the compose init script creates). The comparison returns its findings instead of asserting, so tests can also show
 * that a deliberate mismatch is found.
 */
final class KafkaAccess {

	/**
	 * One Kafka ACL binding, in Kafka's own vocabulary (upper-case enum names): Strimzi turns each operation of a
	 * rule into one of these, and so does kafka-acls.sh.
	 */
	record Acl(String principal, String resourceType, String name, String patternType, String operation, String host,
			String permission) implements Comparable<Acl> {

		static Acl allow(String user, String resourceType, String name, String operation) {
			return new Acl("User:" + user, resourceType, name, "LITERAL", operation, "*", "ALLOW");
		}

		String user() {
			return this.principal.substring(this.principal.indexOf(':') + 1);
		}

		@Override
		public int compareTo(Acl other) {
			return toString().compareTo(other.toString());
		}

		@Override
		public String toString() {
			String pattern = "LITERAL".equals(this.patternType) ? "" : " (" + this.patternType + ")";
			String host = "*".equals(this.host) ? "" : " from " + this.host;
			return this.permission + " " + this.principal + " " + this.operation + " " + this.resourceType + " "
					+ this.name + pattern + host;
		}
	}

	private KafkaAccess() {
	}

	/** The ACLs every service must have, and nothing else: user name → its ACLs. */
	static Map<String, Set<Acl>> expected(AsyncApiContract contract, Map<String, List<Listener>> listeners) {
		Map<String, Set<Acl>> expected = new TreeMap<>();
		Platform.services().forEach((app) -> expected.put(app.name(), new TreeSet<>()));
		contract.channels().values().forEach((channel) -> {
			if (channel.writer() != null && expected.containsKey(channel.writer())) {
				Set<Acl> acls = expected.get(channel.writer());
				acls.add(Acl.allow(channel.writer(), "TOPIC", channel.address(), "WRITE"));
				acls.add(Acl.allow(channel.writer(), "TOPIC", channel.address(), "DESCRIBE"));
			}
		});
		listeners.forEach((service, serviceListeners) -> {
			Set<Acl> acls = expected.computeIfAbsent(service, (name) -> new TreeSet<>());
			for (Listener listener : serviceListeners) {
				acls.add(Acl.allow(service, "GROUP", listener.group(), "READ"));
				for (String topic : listener.topics()) {
					acls.add(Acl.allow(service, "TOPIC", topic, "READ"));
					acls.add(Acl.allow(service, "TOPIC", topic, "DESCRIBE"));
					acls.add(Acl.allow(service, "TOPIC", deadLetterTopic(topic), "DESCRIBE"));
					// DeadLetters (service-kit) sends a poison record to <topic>.DLT with the consumer's own producer.
					acls.add(Acl.allow(service, "TOPIC", deadLetterTopic(topic), "WRITE"));
					// The dead-letter tooling (service-kit deadletters) reads them, without a consumer group, to list
					// them and to replay them in process (back to this service's own listener, never to <topic>).
					acls.add(Acl.allow(service, "TOPIC", deadLetterTopic(topic), "READ"));
				}
			}
		});
		return expected;
	}

	/**
	 * Everything wrong with the granted ACLs (user name → ACLs) against the contract and the listeners: a contract
	 * or listener that cannot be derived from, a missing or extra user, and every ACL granted beyond what is needed
	 * or needed but not granted. Empty when they agree exactly.
	 */
	static List<String> violations(AsyncApiContract contract, Map<String, List<Listener>> listeners,
			Map<String, Set<Acl>> granted) {
		List<String> violations = new ArrayList<>(contract.problems());
		Set<String> topics = contract.writerByTopic().keySet();
		listeners.forEach((service, serviceListeners) -> serviceListeners.forEach((listener) -> listener.topics()
			.stream()
			.filter((topic) -> !topics.contains(topic))
			.forEach((topic) -> violations.add(service + " consumes " + topic + " (" + listener.file()
					+ "), which is no channel of the AsyncAPI document"))));
		Map<String, Set<Acl>> expected = expected(contract, listeners);
		Set<String> users = new TreeSet<>(expected.keySet());
		users.addAll(granted.keySet());
		for (String user : users) {
			if (!granted.containsKey(user)) {
				violations.add("no Kafka user for service " + user);
				continue;
			}
			if (!expected.containsKey(user)) {
				violations.add("Kafka user " + user + " is no platform service");
			}
			Set<Acl> needed = expected.getOrDefault(user, Set.of());
			for (Acl acl : granted.get(user)) {
				if (!acl.principal().equals("User:" + user)) {
					violations.add("Kafka user " + user + " grants to another principal: " + acl);
				}
				else if (!needed.contains(acl)) {
					violations.add(user + " is granted what neither the AsyncAPI document nor its listeners give it: "
							+ acl);
				}
			}
			for (Acl acl : needed) {
				if (!granted.get(user).contains(acl)) {
					violations.add(user + " lacks " + acl);
				}
			}
		}
		return violations;
	}

	/** Strimzi KafkaUser resources → user name → ACLs, as the user operator gives them to Kafka. */
	static Map<String, Set<Acl>> fromKafkaUsers(List<Map<String, Object>> kafkaUsers) {
		Map<String, Set<Acl>> granted = new TreeMap<>();
		for (Map<String, Object> user : kafkaUsers) {
			String name = Y.str(user, "metadata", "name");
			Set<Acl> acls = new TreeSet<>();
			for (Map<String, Object> rule : Y.maps(Y.at(user, "spec", "authorization", "acls"))) {
				List<Object> operations = new ArrayList<>(Y.list(rule.get("operations")));
				if (rule.get("operation") != null) {
					operations.add(rule.get("operation")); // deprecated single-operation form
				}
				String type = Y.str(rule, "resource", "type");
				boolean cluster = "cluster".equals(type);
				String resourceName = cluster ? "kafka-cluster" : Y.str(rule, "resource", "name");
				String patternType = Y.str(rule, "resource", "patternType");
				String pattern = (cluster || patternType == null) ? "literal" : patternType; // Strimzi's default
				for (Object operation : operations) {
					acls.add(new Acl("User:" + name, kafkaEnum(type), resourceName, kafkaEnum(pattern),
							kafkaEnum(String.valueOf(operation)),
							(rule.get("host") != null) ? Y.str(rule, "host") : "*",
							kafkaEnum((rule.get("type") != null) ? Y.str(rule, "type") : "allow")));
				}
			}
			granted.put(name, acls);
		}
		return granted;
	}

	/** topic → Topic, IdempotentWrite → IDEMPOTENT_WRITE, transactionalId → TRANSACTIONAL_ID, literal → LITERAL. */
	static String kafkaEnum(String value) {
		return value.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
	}

	/** The dead-letter topic of a consumed topic, as service-kit's DeadLetters names it. */
	static String deadLetterTopic(String topic) {
		return topic + ".DLT";
	}

	/** Topic → the users whose ACLs allow WRITE on it, per Kafka's authorizer. */
	static Map<String, Set<String>> writersByTopic(KafkaAuthorizer authorizer, List<String> topics, Set<String> users) {
		return usersAllowed(authorizer, "WRITE", topics, users);
	}

	/** Topic → the users whose ACLs allow READ on it (fetching its records), per Kafka's authorizer. */
	static Map<String, Set<String>> readersByTopic(KafkaAuthorizer authorizer, List<String> topics, Set<String> users) {
		return usersAllowed(authorizer, "READ", topics, users);
	}

	private static Map<String, Set<String>> usersAllowed(KafkaAuthorizer authorizer, String operation,
			List<String> topics, Set<String> users) {
		Map<String, Set<String>> allowed = new LinkedHashMap<>();
		for (String topic : topics) {
			Set<String> topicUsers = new TreeSet<>();
			for (String user : users) {
				if (authorizer.allowed(user, operation, "TOPIC", topic)) {
					topicUsers.add(user);
				}
			}
			allowed.put(topic, topicUsers);
		}
		return allowed;
	}

}
