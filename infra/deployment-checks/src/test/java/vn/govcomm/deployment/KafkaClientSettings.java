package vn.govcomm.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import vn.govcomm.deployment.ContainerEnv.Value;
import vn.govcomm.deployment.Kustomize.Rendered;
import vn.govcomm.deployment.Platform.App;
import vn.govcomm.deployment.Repo.Y;

/**
 * How the services connect to Kafka on Kubernetes: which variables each Deployment must set (its own KafkaUser's
 * Secret, SASL_SSL, SCRAM-SHA-512, the cluster CA, the authenticated listener) and what Spring Boot makes of them.
 * Findings are returned, not asserted, so a test can show that a deliberate mismatch is found.
 */
final class KafkaClientSettings {

	/** The only spring.kafka variables a Deployment may set: anything else could weaken a client's security. */
	static final Set<String> KAFKA_VARIABLES = Set.of("SPRING_KAFKA_SECURITY_PROTOCOL",
			"SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
			"SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "SPRING_KAFKA_SSL_TRUST_STORE_CERTIFICATES");

	private static final Pattern DEFAULT_ENTRY = Pattern
		.compile("Map\\.entry\\(\"(spring\\.kafka\\.[^\"]+)\",\\s*\"([^\"]*)\"\\)");

	private KafkaClientSettings() {
	}

	/** The Kafka cluster of a rendered kustomization (exactly one). */
	static Map<String, Object> kafka(Rendered rendered) {
		List<Map<String, Object>> clusters = rendered.ofKind("Kafka");
		if (clusters.size() != 1) {
			throw new AssertionError(rendered + " renders " + clusters.size() + " Kafka clusters");
		}
		return clusters.get(0);
	}

	/** The listener clients must use: TLS with SCRAM-SHA-512 authentication (there must be exactly one). */
	static Map<String, Object> clientListener(Map<String, Object> kafka) {
		List<Map<String, Object>> listeners = Y.maps(Y.at(kafka, "spec", "kafka", "listeners"))
			.stream()
			.filter((listener) -> Boolean.TRUE.equals(listener.get("tls"))
					&& "scram-sha-512".equals(Y.str(listener, "authentication", "type")))
			.toList();
		if (listeners.size() != 1) {
			throw new AssertionError("expected one TLS + SCRAM-SHA-512 listener, found " + listeners);
		}
		return listeners.get(0);
	}

	/** Everything wrong with how the apps of a rendered kustomization connect to Kafka. */
	static List<String> violations(Rendered rendered) {
		Map<String, Object> kafka = kafka(rendered);
		String cluster = Y.str(kafka, "metadata", "name");
		String bootstrap = cluster + "-kafka-bootstrap:" + clientListener(kafka).get("port");
		Set<String> users = Set.copyOf(rendered.names("KafkaUser"));
		List<String> violations = new ArrayList<>();
		for (App app : Platform.APPS) {
			violations.addAll(violations(app, ContainerEnv.of(rendered, app), cluster, bootstrap, users));
		}
		return violations;
	}

	static List<String> violations(App app, Map<String, Value> env, String cluster, String bootstrap,
			Set<String> kafkaUsers) {
		List<String> violations = new ArrayList<>();
		String name = app.name();
		env.keySet().stream().filter((variable) -> variable.startsWith("<every key of Secret")).forEach(
				(variable) -> violations.add(name + ": envFrom a whole Secret (" + variable + ") could set any client setting"));
		if (!app.usesKafkaAndMongo()) {
			env.keySet().stream().filter((variable) -> variable.startsWith("SPRING_KAFKA_") || variable.startsWith("KAFKA_"))
				.forEach((variable) -> violations.add(name + " does not use Kafka but sets " + variable));
			return violations;
		}
		expectLiteral(violations, name, env, "KAFKA_BOOTSTRAP_SERVERS", bootstrap);
		expectLiteral(violations, name, env, "SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
		expectLiteral(violations, name, env, "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
		expectLiteral(violations, name, env, "SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM");
		Value jaas = env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
		if (jaas == null || !jaas.isSecret(name, "sasl.jaas.config")) {
			violations.add(name + ": SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG must come from its own KafkaUser's Secret "
					+ name + " (key sasl.jaas.config), not " + jaas);
		}
		if (!kafkaUsers.contains(name)) {
			violations.add(name + ": no KafkaUser " + name + " whose Secret it could read");
		}
		Value ca = env.get("SPRING_KAFKA_SSL_TRUST_STORE_CERTIFICATES");
		if (ca == null || !ca.isSecret(cluster + "-cluster-ca-cert", "ca.crt")) {
			violations.add(name + ": SPRING_KAFKA_SSL_TRUST_STORE_CERTIFICATES must be the cluster CA (Secret " + cluster
					+ "-cluster-ca-cert, key ca.crt), not " + ca);
		}
		env.keySet()
			.stream()
			.filter((variable) -> variable.startsWith("SPRING_KAFKA_") && !KAFKA_VARIABLES.contains(variable))
			.forEach((variable) -> violations.add(name + ": unexpected Kafka client setting " + variable + " = "
					+ env.get(variable)));
		return violations;
	}

	private static void expectLiteral(List<String> violations, String app, Map<String, Value> env, String variable,
			String expected) {
		Value value = env.get(variable);
		if (value == null || !value.isLiteral(expected)) {
			violations.add(app + ": " + variable + " must be " + expected + ", not " + value);
		}
	}

	/**
	 * The Kafka client properties Spring Boot builds for a service from these environment variables, its own
	 * configuration file and the service-kit defaults (ServiceDefaults), in Spring's precedence order.
	 * @return the admin, producer and consumer properties by client kind
	 */
	static Map<String, Map<String, Object>> springClients(String service, Map<String, Object> environment) {
		MutablePropertySources sources = new MutablePropertySources();
		// Named as Spring names the process environment: only then are SPRING_KAFKA_... names mapped to spring.kafka.
		sources.addLast(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
		Map<String, Object> configuration = new LinkedHashMap<>();
		for (Map<String, Object> document : Repo.yamlDocuments(
				Repo.read("services/" + service + "/src/main/resources/" + service + ".yml"))) {
			flatten("", document, configuration);
		}
		configuration.keySet().removeIf((key) -> !key.startsWith("spring.kafka."));
		sources.addLast(new MapPropertySource("service configuration", configuration));
		sources.addLast(new MapPropertySource("service-kit defaults", serviceKitDefaults()));
		Binder binder = new Binder(ConfigurationPropertySources.from(sources),
				new PropertySourcesPlaceholdersResolver(sources));
		KafkaProperties kafka = binder.bindOrCreate("spring.kafka", KafkaProperties.class);
		Map<String, Map<String, Object>> clients = new LinkedHashMap<>();
		clients.put("admin", kafka.buildAdminProperties());
		clients.put("producer", kafka.buildProducerProperties());
		clients.put("consumer", kafka.buildConsumerProperties());
		return clients;
	}

	/** The spring.kafka.* defaults every service gets from service-kit's ServiceDefaults, read from its source. */
	static Map<String, Object> serviceKitDefaults() {
		String source = Repo.read("services/service-kit/src/main/java/vn/govcomm/kit/ServiceDefaults.java");
		Map<String, Object> defaults = new LinkedHashMap<>();
		Matcher entry = DEFAULT_ENTRY.matcher(source);
		while (entry.find()) {
			defaults.put(entry.group(1), entry.group(2));
		}
		if (!defaults.containsKey("spring.kafka.bootstrap-servers")) {
			throw new AssertionError("ServiceDefaults no longer maps KAFKA_BOOTSTRAP_SERVERS to spring.kafka.bootstrap-servers");
		}
		return defaults;
	}

	private static void flatten(String prefix, Object node, Map<String, Object> flat) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, flat));
		}
		else if (node != null) {
			flat.put(prefix, String.valueOf(node));
		}
	}

}
