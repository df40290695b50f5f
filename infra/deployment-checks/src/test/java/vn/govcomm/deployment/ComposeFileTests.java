package vn.govcomm.deployment;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import vn.govcomm.deployment.Platform.App;
import vn.govcomm.deployment.Repo.Y;

import static org.assertj.core.api.Assertions.assertThat;

/** infra/compose.yaml against the platform's inventory. */
class ComposeFileTests {

	private static final String COMPOSE = "infra/compose.yaml";

	private static final List<App> APPS = Platform.APPS;

	private static final List<App> SERVICES = Platform.services();

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[?-][^}]*)?}");

	private final Map<String, Object> compose = Repo.yaml(COMPOSE);

	private final Map<String, Object> services = Y.map(this.compose.get("services"));

	@ParameterizedTest
	@FieldSource("APPS")
	void everyAppIsBuiltFromTheSharedDockerfileWithItsBootJar(App app) {
		Map<String, Object> service = service(app.name());
		assertThat(Y.str(service, "build", "context")).isEqualTo("..");
		assertThat(Y.str(service, "build", "dockerfile")).isEqualTo("infra/docker/Dockerfile.service");
		assertThat(Y.str(service, "build", "args", "JAR_FILE")).isEqualTo(app.jarPath());
		assertThat(Repo.path("infra/docker/Dockerfile.service")).isRegularFile();
		assertThat(Y.str(service, "image")).startsWith("govcomm/" + app.name() + ":");
	}

	@ParameterizedTest
	@FieldSource("APPS")
	void everyAppRunsTheProdProfileOnItsPort(App app) {
		Map<String, Object> environment = environment(app.name());
		assertThat(environment).containsEntry("SERVER_PORT", String.valueOf(app.port()))
			.containsEntry("SPRING_PROFILES_ACTIVE", "prod");
	}

	@ParameterizedTest
	@FieldSource("APPS")
	void everyAppIsRestartedAndProbedOnItsReadinessGroup(App app) {
		Map<String, Object> service = service(app.name());
		assertThat(Y.str(service, "restart")).isIn("unless-stopped", "always");
		List<Object> test = Y.list(Y.at(service, "healthcheck", "test"));
		assertThat(test).first().isEqualTo("CMD");
		assertThat(test).contains("/usr/local/bin/healthcheck", "/actuator/health/readiness");
	}

	@ParameterizedTest
	@FieldSource("SERVICES")
	void everyServiceReachesAllThreeBrokersAndItsOwnDatabaseOnTheReplicaSet(App app) {
		Map<String, Object> environment = environment(app.name());
		assertThat(Set.of(String.valueOf(environment.get("KAFKA_BOOTSTRAP_SERVERS")).split(",")))
			.isEqualTo(Set.of("kafka-1:9092", "kafka-2:9092", "kafka-3:9092"));

		String uri = String.valueOf(environment.get("MONGODB_URI"));
		Matcher matcher = Pattern.compile("mongodb://([^@]+)@([^/]+)/([^?]+)\\?(.*)").matcher(uri);
		assertThat(matcher.matches()).as("MONGODB_URI of %s: %s", app.name(), uri).isTrue();
		assertThat(matcher.group(1)).as("credentials come from the environment")
			.matches("\\$\\{MONGO_APP_USERNAME:\\?[^}]*}:\\$\\{MONGO_APP_PASSWORD:\\?[^}]*}");
		assertThat(Set.of(matcher.group(2).split(","))).isEqualTo(mongoMembers().stream()
			.map((member) -> member + ":27017")
			.collect(Collectors.toSet()));
		assertThat(matcher.group(3)).isEqualTo(app.database());
		assertThat(matcher.group(4)).contains("replicaSet=rs0", "authSource=admin");
	}

	@Test
	void gatewayKeepsItsAuditTrailInItsOwnDatabaseOnTheReplicaSetWithoutKafka() {
		Map<String, Object> environment = environment("gateway");
		assertThat(environment).doesNotContainKey("KAFKA_BOOTSTRAP_SERVERS");
		String uri = String.valueOf(environment.get("MONGODB_URI"));
		Matcher matcher = Pattern.compile("mongodb://([^@]+)@([^/]+)/([^?]+)\\?(.*)").matcher(uri);
		assertThat(matcher.matches()).as("MONGODB_URI of the gateway: %s", uri).isTrue();
		assertThat(matcher.group(1)).matches("\\$\\{MONGO_APP_USERNAME:\\?[^}]*}:\\$\\{MONGO_APP_PASSWORD:\\?[^}]*}");
		assertThat(Set.of(matcher.group(2).split(","))).isEqualTo(mongoMembers().stream()
			.map((member) -> member + ":27017")
			.collect(Collectors.toSet()));
		assertThat(matcher.group(3)).isEqualTo(Platform.app("gateway").database());
		assertThat(matcher.group(4)).contains("replicaSet=rs0", "authSource=admin");
	}

	@ParameterizedTest
	@FieldSource("SERVICES")
	void servicesStartOnlyOnceTopicsAndReplicaSetExist(App app) {
		Map<String, Object> dependsOn = Y.mapAt(service(app.name()), "depends_on");
		assertThat(Y.str(dependsOn, "kafka-init", "condition")).isEqualTo("service_completed_successfully");
		assertThat(Y.str(dependsOn, "mongo-init", "condition")).isEqualTo("service_completed_successfully");
	}

	@Test
	void channelAdaptersGetTheirOwnEncryptionKeyAndProviderEndpoints() {
		Map<String, Object> facebook = environment("facebook-adapter");
		Map<String, Object> zalo = environment("zalo-adapter");
		assertThat(String.valueOf(facebook.get("CREDENTIALS_ENCRYPTION_KEY")))
			.matches("\\$\\{FACEBOOK_CREDENTIALS_ENCRYPTION_KEY:\\?[^}]*}");
		assertThat(String.valueOf(zalo.get("CREDENTIALS_ENCRYPTION_KEY")))
			.matches("\\$\\{ZALO_CREDENTIALS_ENCRYPTION_KEY:\\?[^}]*}");
		assertThat(defaultOf(facebook.get("FACEBOOK_GRAPH_BASE_URL"))).startsWith("https://");
		assertThat(defaultOf(zalo.get("ZALO_OPENAPI_BASE_URL"))).startsWith("https://");
		assertThat(defaultOf(zalo.get("ZALO_OAUTH_BASE_URL"))).startsWith("https://");
		for (App app : Platform.APPS) {
			if (!app.storesChannelCredentials()) {
				assertThat(environment(app.name())).as(app.name()).doesNotContainKey("CREDENTIALS_ENCRYPTION_KEY");
			}
		}
	}

	@Test
	void gatewayRoutesToEveryServiceByItsComposeNameAndPort() {
		Map<String, Object> environment = environment("gateway");
		for (String[] route : Platform.GATEWAY_ROUTES) {
			App target = Platform.app(route[1]);
			assertThat(environment).containsEntry(route[0], "http://" + target.name() + ":" + target.port());
			assertThat(this.services).containsKey(target.name());
		}
		assertThat(String.valueOf(environment.get("OIDC_ISSUER_URI"))).matches("\\$\\{OIDC_ISSUER_URI:\\?[^}]*}");
		assertThat(Y.list(service("gateway").get("ports"))).anySatisfy(
				(port) -> assertThat(String.valueOf(port)).endsWith(":8080"));
	}

	@Test
	void kafkaRunsThreeKraftNodesInOneQuorum() {
		Map<String, Map<String, Object>> brokers = new LinkedHashMap<>();
		this.services.forEach((name, definition) -> {
			if (String.valueOf(Y.at(definition, "image")).startsWith("apache/kafka:")
					&& Y.at(definition, "environment", "KAFKA_NODE_ID") != null) {
				brokers.put(name, Y.map(Y.at(definition, "environment")));
			}
		});
		assertThat(brokers).hasSize(3);

		Set<String> nodeIds = new TreeSet<>();
		Set<String> voters = new LinkedHashSet<>();
		Set<String> clusterIds = new LinkedHashSet<>();
		brokers.forEach((name, env) -> {
			nodeIds.add(String.valueOf(env.get("KAFKA_NODE_ID")));
			voters.add(String.valueOf(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")));
			clusterIds.add(String.valueOf(env.get("CLUSTER_ID")));
			assertThat(Set.of(String.valueOf(env.get("KAFKA_PROCESS_ROLES")).split(","))).as(name)
				.containsExactlyInAnyOrder("broker", "controller");
			assertThat(env).as(name)
				.containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
				.containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
				.containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
				.containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
				.containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
				.containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
			assertThat(String.valueOf(env.get("KAFKA_ADVERTISED_LISTENERS"))).contains("://" + name + ":9092");
			assertThat(Y.list(service(name).get("volumes")))
				.contains(name + "-data:" + env.get("KAFKA_LOG_DIRS"));
			assertThat(Y.at(service(name), "healthcheck", "test")).isNotNull();
		});
		assertThat(nodeIds).containsExactly("1", "2", "3");
		assertThat(voters).as("one quorum definition shared by every node").hasSize(1);
		Set<String> expectedVoters = new TreeSet<>();
		brokers.forEach((name, env) -> expectedVoters.add(env.get("KAFKA_NODE_ID") + "@" + name + ":9093"));
		assertThat(new TreeSet<>(List.of(voters.iterator().next().split(",")))).isEqualTo(expectedVoters);
		assertThat(clusterIds).singleElement().asString().startsWith("${KAFKA_CLUSTER_ID:?");
	}

	@Test
	void kafkaInitCreatesTheTopicsOnceEveryBrokerIsHealthy() {
		Map<String, Object> init = service("kafka-init");
		assertThat(Y.str(init, "restart")).isEqualTo("no");
		for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
			assertThat(Y.str(init, "depends_on", broker, "condition")).isEqualTo("service_healthy");
		}
		// kafka-init.sh runs create-topics.sh, then create-users-and-acls.sh, from the directory it is mounted in.
		String entry = mountOf(init, "kafka-init.sh");
		assertThat(Y.list(init.get("entrypoint"))).contains(entry.split(":")[1]);
		String directory = entry.split(":")[1].substring(0, entry.split(":")[1].lastIndexOf('/') + 1);
		String initScript = Repo.read("infra/" + entry.substring(2, entry.indexOf(':')));
		for (String script : List.of("create-topics.sh", "create-users-and-acls.sh")) {
			String mount = mountOf(init, script);
			assertThat(Repo.path("infra/" + mount.substring(2, mount.indexOf(':')))).isRegularFile();
			assertThat(mount.split(":")[1]).isEqualTo(directory + script);
			assertThat(initScript).contains("\"${here}/" + script + "\"");
		}
		assertThat(initScript.indexOf("create-topics.sh")).as("topics before their ACLs")
			.isLessThan(initScript.indexOf("create-users-and-acls.sh"));
	}

	@Test
	void mongoRunsAThreeMemberReplicaSetInitiatedByAOneShot() {
		List<String> members = mongoMembers();
		assertThat(members).containsExactly("mongo-1", "mongo-2", "mongo-3");
		for (String member : members) {
			List<Object> command = Y.list(service(member).get("command"));
			assertThat(command).as(member).containsSubsequence("--replSet", "rs0");
			assertThat(command).as(member).contains("--keyFile");
			assertThat(Y.str(service(member), "depends_on", "mongo-keyfile", "condition"))
				.isEqualTo("service_completed_successfully");
			assertThat(String.valueOf(Y.at(service(member), "healthcheck", "test"))).contains("hello");
		}
		assertThat(Y.mapAt(service("mongo-1"), "environment")).containsKeys("MONGO_INITDB_ROOT_USERNAME",
				"MONGO_INITDB_ROOT_PASSWORD");
		assertThat(Y.mapAt(service("mongo-2"), "environment")).as("joining members start empty").isEmpty();
		assertThat(Y.mapAt(service("mongo-3"), "environment")).as("joining members start empty").isEmpty();

		Map<String, Object> init = service("mongo-init");
		assertThat(Y.str(init, "restart")).isEqualTo("no");
		members.forEach((member) -> assertThat(Y.str(init, "depends_on", member, "condition"))
			.isEqualTo("service_healthy"));
		String mount = mountOf(init, "init-replica-set.js");
		String script = Repo.read("infra/" + mount.substring(2, mount.indexOf(':')));
		assertThat(String.join(" ", Y.list(init.get("entrypoint")).stream().map(String::valueOf).toList()))
			.contains(mount.split(":")[1]);
		assertThat(script).contains("rs.initiate(", "_id: replicaSet", "const replicaSet = \"rs0\"");
		members.forEach((member) -> assertThat(script).contains("\"" + member + ":27017\""));
		Platform.withDatabase().forEach((app) -> assertThat(script).contains("\"" + app.database() + "\""));

		String keyfile = Repo.read("infra/" + mountOf(service("mongo-keyfile"), "create-keyfile.sh").substring(2)
			.split(":")[0]);
		assertThat(keyfile).contains("/dev/urandom", "chmod 0400");
	}

	@Test
	void everyVariableIsEitherRequiredOrDefaultedAndRequiredOnesAreInTheExampleFile() {
		// compose interpolates everything but comments
		String text = Repo.read(COMPOSE).lines().filter((line) -> !line.strip().startsWith("#"))
			.collect(Collectors.joining("\n"));
		Map<String, String> example = envExample();
		Matcher matcher = VARIABLE.matcher(text);
		Set<String> required = new TreeSet<>();
		while (matcher.find()) {
			String modifier = matcher.group(2);
			assertThat(modifier).as("${%s} must say :? (required) or :- (default)", matcher.group(1)).isNotNull();
			if (modifier.startsWith(":?")) {
				required.add(matcher.group(1));
			}
		}
		assertThat(required).contains("KAFKA_CLUSTER_ID", "MONGO_ROOT_PASSWORD", "MONGO_APP_PASSWORD",
				"FACEBOOK_CREDENTIALS_ENCRYPTION_KEY", "ZALO_CREDENTIALS_ENCRYPTION_KEY", "OIDC_ISSUER_URI",
				"GRAFANA_ADMIN_PASSWORD", "SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD", "CONSOLE_BASE_URL");
		for (String name : required) {
			assertThat(example).as("infra/.env.example declares %s, empty", name).containsEntry(name, "");
		}
	}

	@Test
	void observabilityStackMountsTheCommittedConfiguration() {
		Map<String, Object> prometheus = service("prometheus");
		assertThat(Y.list(prometheus.get("volumes"))).contains("./prometheus:/etc/prometheus:ro");
		assertThat(Y.list(prometheus.get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
		Map<String, Object> grafana = service("grafana");
		assertThat(Y.list(grafana.get("volumes"))).contains("./grafana/provisioning:/etc/grafana/provisioning:ro");
		assertThat(Y.str(grafana, "depends_on", "prometheus", "condition")).isEqualTo("service_healthy");
	}

	@Test
	void dockerComposeAcceptsTheFileAndRefusesToStartWithoutSecrets() {
		ExternalTool compose = ExternalTool.require("docker compose",
				List.of(List.of("docker", "compose"), List.of("docker-compose")));
		Map<String, String> environment = new HashMap<>();
		envExample().keySet().forEach((name) -> environment.put(name, "checks-" + name.toLowerCase()));
		compose.run(Repo.ROOT, environment, "-f", COMPOSE, "config", "-q").assertSuccess("compose config");

		environment.put("MONGO_APP_PASSWORD", "");
		ExternalTool.Result refused = compose.run(Repo.ROOT, environment, "-f", COMPOSE, "config", "-q");
		assertThat(refused.exitCode()).isNotZero();
		assertThat(refused.output()).contains("MONGO_APP_PASSWORD");
	}

	static Map<String, String> envExample() {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : Repo.read("infra/.env.example").split("\n")) {
			String trimmed = line.strip();
			if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
				int equals = trimmed.indexOf('=');
				values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
			}
		}
		return values;
	}

	private List<String> mongoMembers() {
		return this.services.entrySet()
			.stream()
			.filter((entry) -> String.valueOf(Y.at(entry.getValue(), "command")).contains("--replSet"))
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
	}

	private Map<String, Object> service(String name) {
		assertThat(this.services).as("compose services").containsKey(name);
		return Y.map(this.services.get(name));
	}

	private Map<String, Object> environment(String name) {
		return Y.mapAt(service(name), "environment");
	}

	private static String mountOf(Map<String, Object> service, String fileName) {
		return Y.list(service.get("volumes"))
			.stream()
			.map(String::valueOf)
			.filter((volume) -> volume.startsWith("./") && volume.contains(fileName))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no bind mount of " + fileName));
	}

	private static String defaultOf(Object value) {
		Matcher matcher = Pattern.compile("\\$\\{[A-Z_]+:-([^}]+)}").matcher(String.valueOf(value));
		assertThat(matcher.matches()).as("%s has a default", value).isTrue();
		URI.create(matcher.group(1));
		return matcher.group(1);
	}

}
