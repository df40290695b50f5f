package vn.govcomm.deployment;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import vn.govcomm.deployment.ContainerEnv.Value;
import vn.govcomm.deployment.Kustomize.Rendered;
import vn.govcomm.deployment.Platform.App;
import vn.govcomm.deployment.Repo.Y;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the services authenticate to Kafka: on Kubernetes every service Deployment connects over SASL_SSL with
 * SCRAM-SHA-512 as its own KafkaUser (its Secret, the cluster CA, the authenticated listener), and Spring Boot turns
 * those variables into the settings of every Kafka client it builds; in compose every broker listener authenticates,
 * nothing is allowed without an ACL, and each service logs in as its own SCRAM user with the password kafka-init gave
 * that user.
 */
class KafkaClientConfigurationTests {

	static final List<String> TARGETS = Kustomize.TARGETS;

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::[?-]([^}]*))?}");

	private static final String FAKE_CA = "-----BEGIN CERTIFICATE-----\nMIIBchecks\n-----END CERTIFICATE-----\n";

	@Test
	void theKafkaClusterOnlyListensWithTlsAndScramAndAuthorizesEveryRequest() {
		Map<String, Object> kafka = Repo.yamlDocuments(Repo.read("k8s/base/kafka/kafka.yaml")).stream()
			.filter((doc) -> "Kafka".equals(doc.get("kind"))).findFirst().orElseThrow();
		List<Map<String, Object>> listeners = Y.maps(Y.at(kafka, "spec", "kafka", "listeners"));
		assertThat(listeners).isNotEmpty().allSatisfy((listener) -> {
			assertThat(listener.get("tls")).as("listener %s encrypts", listener.get("name")).isEqualTo(true);
			assertThat(Y.str(listener, "authentication", "type")).as("listener %s authenticates", listener.get("name"))
				.isIn("scram-sha-512", "tls");
			assertThat(Y.str(listener, "type")).as("no listener outside the cluster").isEqualTo("internal");
			assertThat(Y.list(listener.get("networkPolicyPeers"))).as("Strimzi's policy for %s", listener.get("name"))
				.isNotEmpty();
		});
		assertThat(KafkaClientSettings.clientListener(kafka)).containsEntry("port", 9093);
		assertThat(Y.str(kafka, "spec", "kafka", "authorization", "type")).isEqualTo("simple");
		assertThat(Y.list(Y.at(kafka, "spec", "kafka", "authorization", "superUsers"))).as("no platform super user")
			.isEmpty();
		assertThat(Y.mapAt(kafka, "spec", "kafka", "config")).doesNotContainKey("allow.everyone.if.no.acl.found");
		assertThat(Y.at(kafka, "spec", "entityOperator", "userOperator")).as("reconciles the KafkaUsers").isNotNull();
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void everyServiceDeploymentConnectsOverSaslSslAsItsOwnKafkaUser(String target) {
		Rendered rendered = Kustomize.render(target);
		assertThat(KafkaClientSettings.violations(rendered)).isEmpty();
		assertThat(new TreeSet<>(rendered.names("KafkaUser")))
			.isEqualTo(new TreeSet<>(Platform.services().stream().map(App::name).toList()));
	}

	@Test
	void aDeploymentUsingAnotherServicesKafkaCredentialsOrNoSaslIsFound() {
		Rendered rendered = Kustomize.render("k8s/base");
		Map<String, Object> kafka = KafkaClientSettings.kafka(rendered);
		String cluster = Y.str(kafka, "metadata", "name");
		String bootstrap = cluster + "-kafka-bootstrap:9093";
		Set<String> users = Set.copyOf(rendered.names("KafkaUser"));
		App campaign = Platform.app("campaign-service");

		Map<String, Value> borrowed = new LinkedHashMap<>(ContainerEnv.of(rendered, campaign));
		borrowed.put("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", Value.secret("portal-adapter", "sasl.jaas.config"));
		assertThat(KafkaClientSettings.violations(campaign, borrowed, cluster, bootstrap, users)).singleElement()
			.asString()
			.startsWith("campaign-service: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG must come from its own KafkaUser's "
					+ "Secret campaign-service");

		Map<String, Value> plaintext = new LinkedHashMap<>(ContainerEnv.of(rendered, campaign));
		plaintext.put("SPRING_KAFKA_SECURITY_PROTOCOL", Value.literal("PLAINTEXT"));
		plaintext.put("SPRING_KAFKA_PRODUCER_SECURITY_PROTOCOL", Value.literal("PLAINTEXT"));
		assertThat(KafkaClientSettings.violations(campaign, plaintext, cluster, bootstrap, users)).containsExactly(
				"campaign-service: SPRING_KAFKA_SECURITY_PROTOCOL must be SASL_SSL, not PLAINTEXT",
				"campaign-service: unexpected Kafka client setting SPRING_KAFKA_PRODUCER_SECURITY_PROTOCOL = PLAINTEXT");

		Map<String, Value> oldListener = new LinkedHashMap<>(ContainerEnv.of(rendered, campaign));
		oldListener.put("KAFKA_BOOTSTRAP_SERVERS", Value.literal(cluster + "-kafka-bootstrap:9092"));
		assertThat(KafkaClientSettings.violations(campaign, oldListener, cluster, bootstrap, users)).containsExactly(
				"campaign-service: KAFKA_BOOTSTRAP_SERVERS must be " + bootstrap + ", not " + cluster
						+ "-kafka-bootstrap:9092");
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void springBootGivesEveryKafkaClientOfAServiceItsDeploymentsSaslSslSettings(String target) {
		Rendered rendered = Kustomize.render(target);
		Map<String, Object> kafka = KafkaClientSettings.kafka(rendered);
		String bootstrap = Y.str(kafka, "metadata", "name") + "-kafka-bootstrap:"
				+ KafkaClientSettings.clientListener(kafka).get("port");
		for (App app : Platform.services()) {
			Map<String, Object> environment = new HashMap<>();
			ContainerEnv.of(rendered, app).forEach((name, value) -> environment.put(name, value.fromSecret()
					? secretValue(value) : value.literal()));
			Map<String, Map<String, Object>> clients = KafkaClientSettings.springClients(app.name(), environment);
			clients.forEach((kind, properties) -> {
				assertThat(properties).as("%s %s client", app.name(), kind)
					.containsEntry("security.protocol", "SASL_SSL")
					.containsEntry("sasl.mechanism", "SCRAM-SHA-512")
					.containsEntry("sasl.jaas.config", strimziJaas(app.name()))
					.containsEntry("ssl.truststore.type", "PEM")
					.containsEntry("ssl.truststore.certificates", FAKE_CA);
				assertThat(String.valueOf(properties.get("bootstrap.servers"))).as("%s %s", app.name(), kind)
					.isIn(bootstrap, "[" + bootstrap + "]");
			});
			AppConfigurationEntry login = clientLogin(clients.get("admin"));
			assertThat(login.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
			assertThat(options(login)).containsEntry("username", app.name());
		}
	}

	// ---- compose -------------------------------------------------------------------------------------------------

	@Test
	void composeBrokersAuthenticateEveryListenerAndDenyWhatNoAclAllows() {
		Map<String, Object> compose = Repo.yaml("infra/compose.yaml");
		for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
			Map<String, String> env = interpolated(Y.mapAt(compose, "services", broker, "environment"));
			Map<String, String> protocols = pairs(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
			assertThat(protocols.values()).as(broker).allMatch((protocol) -> protocol.startsWith("SASL_"));
			Set<String> listeners = new TreeSet<>();
			for (String listener : env.get("KAFKA_LISTENERS").split(",")) {
				listeners.add(listener.substring(0, listener.indexOf(':')));
			}
			assertThat(protocols.keySet()).as(broker).containsAll(listeners);
			for (String listener : listeners) {
				String mechanisms = env.get("KAFKA_LISTENER_NAME_" + listener + "_SASL_ENABLED_MECHANISMS");
				assertThat(mechanisms).as("%s %s mechanisms", broker, listener).isNotBlank();
				for (String mechanism : mechanisms.split(",")) {
					String jaas = env.get("KAFKA_LISTENER_NAME_" + listener + "_" + mechanism.replace("-", "___")
							+ "_SASL_JAAS_CONFIG");
					assertThat(jaas).as("%s %s %s login module", broker, listener, mechanism).isNotBlank();
					AppConfigurationEntry entry = serverLogin(listener, mechanism, jaas);
					if (mechanism.equals("PLAIN")) {
						// The static PLAIN users are the super user only: services can never log in with PLAIN.
						assertThat(entry.getOptions().keySet().stream().filter((key) -> key.startsWith("user_")).toList())
							.as("%s %s PLAIN users", broker, listener).containsExactly("user_admin");
					}
				}
			}
			assertThat(env.get("KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS")).isEqualTo("SCRAM-SHA-512");
			assertThat(env).containsEntry("KAFKA_AUTHORIZER_CLASS_NAME",
					"org.apache.kafka.metadata.authorizer.StandardAuthorizer")
				.containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
				.containsEntry("KAFKA_SUPER_USERS", "User:admin")
				.containsEntry("KAFKA_INTER_BROKER_LISTENER_NAME", "BROKER")
				.containsEntry("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL", "PLAIN")
				.containsEntry("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL", "PLAIN");
			assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("CLIENT://" + broker + ":9092");
			assertThat(Y.list(Y.at(compose, "services", broker, "ports"))).allSatisfy(
					(port) -> assertThat(String.valueOf(port)).as("published for operators only").startsWith("127.0.0.1:"));
		}
		Map<String, String> init = interpolated(Y.mapAt(compose, "services", "kafka-init", "environment"));
		assertThat(init.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka-1:9094,kafka-2:9094,kafka-3:9094");
		assertThat(Y.str(compose, "services", "kafka-init", "environment", "ADMIN_PASSWORD"))
			.startsWith("${KAFKA_ADMIN_PASSWORD:?");
	}

	@Test
	void composeServicesLogInAsTheirOwnScramUserWithThePasswordKafkaInitGaveIt() {
		Map<String, Object> compose = Repo.yaml("infra/compose.yaml");
		Map<String, Object> initEnvironment = Y.mapAt(compose, "services", "kafka-init", "environment");
		for (App app : Platform.APPS) {
			Map<String, Object> raw = Y.mapAt(compose, "services", app.name(), "environment");
			if (!app.usesKafkaAndMongo()) {
				assertThat(raw.keySet()).as(app.name()).noneMatch((key) -> key.startsWith("SPRING_KAFKA_") || key.startsWith("KAFKA_"));
				continue;
			}
			String passwordVariable = "KAFKA_" + app.name().toUpperCase().replace('-', '_') + "_PASSWORD";
			assertThat(String.valueOf(initEnvironment.get(ComposeKafkaInit.passwordVariable(app.name()))))
				.as("kafka-init creates %s with the password the service uses", app.name())
				.startsWith("${" + passwordVariable + ":?");
			assertThat(String.valueOf(raw.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")))
				.contains("password=\"${" + passwordVariable + ":?");
			assertThat(raw.keySet().stream().filter((key) -> key.startsWith("SPRING_KAFKA_")).toList())
				.as(app.name()).allMatch(KafkaClientSettings.KAFKA_VARIABLES::contains);

			Map<String, Object> environment = new HashMap<>(interpolated(raw));
			Map<String, Map<String, Object>> clients = KafkaClientSettings.springClients(app.name(), environment);
			clients.forEach((kind, properties) -> assertThat(properties).as("%s %s client", app.name(), kind)
				.containsEntry("security.protocol", "SASL_PLAINTEXT")
				.containsEntry("sasl.mechanism", "SCRAM-SHA-512"));
			AppConfigurationEntry login = clientLogin(clients.get("admin"));
			assertThat(login.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
			assertThat(options(login)).containsEntry("username", app.name())
				.containsEntry("password", fake(passwordVariable));
		}
	}

	// ---- helpers -------------------------------------------------------------------------------------------------

	/** What Strimzi's user operator writes into a SCRAM user's Secret (key sasl.jaas.config). */
	private static String strimziJaas(String user) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
				+ "\" password=\"generated-" + user + "\";";
	}

	private static String secretValue(Value value) {
		if (value.secretKey().equals("sasl.jaas.config")) {
			return strimziJaas(value.secretName());
		}
		if (value.secretKey().equals("ca.crt")) {
			return FAKE_CA;
		}
		return "secret-" + value.secretName() + "-" + value.secretKey();
	}

	/** Kafka's own parsing of the client login the JAAS line describes. */
	private static AppConfigurationEntry clientLogin(Map<String, Object> properties) {
		AdminClientConfig config = new AdminClientConfig(properties);
		List<AppConfigurationEntry> entries = JaasContext.loadClientContext(config.values()).configurationEntries();
		assertThat(entries).hasSize(1);
		return entries.get(0);
	}

	/** Kafka's own parsing of a broker listener's login module (listener.name.<l>.<mechanism>.sasl.jaas.config). */
	private static AppConfigurationEntry serverLogin(String listener, String mechanism, String jaas) {
		// The broker hands its listener's configs with the listener.name.<l>. prefix already removed.
		List<AppConfigurationEntry> entries = JaasContext
			.loadServerContext(new ListenerName(listener), mechanism,
					Map.of(mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", new Password(jaas)))
			.configurationEntries();
		assertThat(entries).hasSize(1);
		return entries.get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> options(AppConfigurationEntry entry) {
		return (Map<String, Object>) entry.getOptions();
	}

	/** Compose's interpolation with a fake value for every variable (what `docker compose config` would print). */
	static Map<String, String> interpolated(Map<String, Object> environment) {
		Map<String, String> values = new LinkedHashMap<>();
		environment.forEach((key, value) -> {
			Matcher variable = VARIABLE.matcher(String.valueOf(value));
			StringBuilder text = new StringBuilder();
			while (variable.find()) {
				variable.appendReplacement(text, Matcher.quoteReplacement(fake(variable.group(1))));
			}
			variable.appendTail(text);
			values.put(key, text.toString());
		});
		return values;
	}

	private static String fake(String variable) {
		return "checks-" + variable.toLowerCase().replace('_', '-');
	}

	private static Map<String, String> pairs(String list) {
		Map<String, String> pairs = new LinkedHashMap<>();
		for (String pair : list.split(",")) {
			String[] parts = pair.split(":", 2);
			pairs.put(parts[0], parts[1]);
		}
		return pairs;
	}

}
