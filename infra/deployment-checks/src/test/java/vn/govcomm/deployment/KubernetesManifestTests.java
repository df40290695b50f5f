package vn.govcomm.deployment;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import vn.govcomm.deployment.Kustomize.Rendered;
import vn.govcomm.deployment.NetworkPolicies.Pod;
import vn.govcomm.deployment.Platform.App;
import vn.govcomm.deployment.Platform.Role;
import vn.govcomm.deployment.Repo.Y;
import vn.govcomm.deployment.ServiceListeners.Listener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests as they are applied: each kustomization rendered with kubectl kustomize, then checked
 * against the platform's inventory.
 */
class KubernetesManifestTests {

	static final List<String> TARGETS = Kustomize.TARGETS;

	static final List<String> OVERLAYS = Kustomize.OVERLAYS;

	private static final Map<String, String> KAFKA_BROKER_POD = Map.of("strimzi.io/cluster", "govcomm-kafka",
			"strimzi.io/kind", "Kafka", "strimzi.io/broker-role", "true", "strimzi.io/pool-name", "dual-role");

	private static final Map<String, String> MONGODB_POD = Map.of("app", "govcomm-mongodb-svc");

	/** Kafka's TLS + SCRAM-SHA-512 listener, the only one clients reach. */
	private static final int KAFKA_CLIENT_PORT = 9093;

	@ParameterizedTest
	@FieldSource("TARGETS")
	void everyAppHasADeploymentServiceAutoscalerAndDisruptionBudgetOfItsName(String target) {
		Rendered rendered = Kustomize.render(target);
		Set<String> apps = new TreeSet<>(Platform.APPS.stream().map(App::name).toList());
		assertThat(new TreeSet<>(rendered.names("Deployment"))).isEqualTo(apps);
		assertThat(new TreeSet<>(rendered.names("Service"))).isEqualTo(apps);
		assertThat(new TreeSet<>(rendered.names("HorizontalPodAutoscaler"))).isEqualTo(apps);
		assertThat(new TreeSet<>(rendered.names("PodDisruptionBudget"))).isEqualTo(apps);
		assertThat(rendered.ofKind("Namespace")).hasSize(1);
		String namespace = Y.str(rendered.ofKind("Namespace").get(0), "metadata", "name");
		rendered.documents().stream().filter((doc) -> !"Namespace".equals(doc.get("kind")))
			.forEach((doc) -> assertThat(Y.str(doc, "metadata", "namespace")).as("%s %s", doc.get("kind"),
					Y.str(doc, "metadata", "name")).isEqualTo(namespace));
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void deploymentsProbeTheActuatorHealthGroupsOnTheAppPort(String target) {
		Rendered rendered = Kustomize.render(target);
		for (App app : Platform.APPS) {
			Map<String, Object> container = container(rendered, app);
			Map<String, Integer> ports = new HashMap<>();
			Y.maps(container.get("ports")).forEach((port) -> ports.put(Y.str(port, "name"),
					(Integer) port.get("containerPort")));
			assertThat(ports).as(app.name()).containsEntry("http", app.port());
			Map<String, String> expectedPaths = Map.of("startupProbe", "/actuator/health/liveness", "livenessProbe",
					"/actuator/health/liveness", "readinessProbe", "/actuator/health/readiness");
			expectedPaths.forEach((probe, path) -> {
				Map<String, Object> httpGet = Y.mapAt(container, probe, "httpGet");
				assertThat(httpGet).as("%s %s", app.name(), probe).containsEntry("path", path);
				Object port = httpGet.get("port");
				assertThat((port instanceof String name) ? ports.get(name) : port).as("%s %s port", app.name(), probe)
					.isEqualTo(app.port());
			});
			int startupBudget = (Integer) Y.at(container, "startupProbe", "periodSeconds")
					* (Integer) Y.at(container, "startupProbe", "failureThreshold");
			assertThat(startupBudget).as("%s gets time to start before liveness applies", app.name())
				.isBetween(60, 600);
		}
	}

	/**
	 * Every container of every Deployment rendered (not only the inventory's): alive on the liveness group, ready on
	 * the readiness group, and its readiness probe waits for the store and broker checks (kit.health: 2 s each at
	 * most, one after the other), so a dead dependency answers 503 instead of running into the probe's timeout.
	 */
	@ParameterizedTest
	@FieldSource("TARGETS")
	void everyDeploymentIsAliveOnItsLivenessGroupAndReadyOnItsReadinessGroup(String target) {
		Rendered rendered = Kustomize.render(target);
		assertThat(rendered.ofKind("Deployment")).isNotEmpty();
		for (Map<String, Object> deployment : rendered.ofKind("Deployment")) {
			String name = Y.str(deployment, "metadata", "name");
			List<Map<String, Object>> containers = Y.maps(Y.at(deployment, "spec", "template", "spec", "containers"));
			assertThat(containers).as(name).isNotEmpty();
			for (Map<String, Object> container : containers) {
				String where = name + "/" + Y.str(container, "name");
				assertThat(Y.str(container, "livenessProbe", "httpGet", "path")).as(where + " livenessProbe")
					.isEqualTo("/actuator/health/liveness");
				assertThat(Y.str(container, "readinessProbe", "httpGet", "path")).as(where + " readinessProbe")
					.isEqualTo("/actuator/health/readiness");
				assertThat((Integer) Y.at(container, "readinessProbe", "timeoutSeconds"))
					.as(where + " readinessProbe timeoutSeconds (store 2 s + Kafka 2 s)")
					.isGreaterThanOrEqualTo(5);
			}
		}
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void deploymentsRequestAndLimitCpuAndMemory(String target) {
		Rendered rendered = Kustomize.render(target);
		for (App app : Platform.APPS) {
			Map<String, Object> resources = Y.mapAt(container(rendered, app), "resources");
			for (String resource : List.of("cpu", "memory")) {
				String request = Y.str(resources, "requests", resource);
				String limit = Y.str(resources, "limits", resource);
				assertThat(request).as("%s request %s", app.name(), resource).isNotBlank();
				assertThat(limit).as("%s limit %s", app.name(), resource).isNotBlank();
				assertThat(Quantities.parse(limit)).as("%s %s limit >= request", app.name(), resource)
					.isGreaterThanOrEqualTo(Quantities.parse(request));
			}
			assertThat(Quantities.parse(Y.str(resources, "limits", "memory"))).as("a JVM needs room")
				.isGreaterThanOrEqualTo(Quantities.parse("512Mi"));
		}
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void podsRunAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(String target) {
		Rendered rendered = Kustomize.render(target);
		for (App app : Platform.APPS) {
			Map<String, Object> pod = Y.mapAt(rendered.named("Deployment", app.name()), "spec", "template", "spec");
			assertThat(Y.at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
			assertThat((Integer) Y.at(pod, "securityContext", "runAsUser")).isPositive();
			assertThat(Y.str(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
			assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
			Map<String, Object> container = container(rendered, app);
			Map<String, Object> security = Y.mapAt(container, "securityContext");
			assertThat(security).containsEntry("readOnlyRootFilesystem", true)
				.containsEntry("allowPrivilegeEscalation", false)
				.containsEntry("runAsNonRoot", true);
			assertThat(Y.list(Y.at(security, "capabilities", "drop"))).containsExactly("ALL");

			Map<String, Object> tmpMount = Y.maps(container.get("volumeMounts")).stream()
				.filter((mount) -> "/tmp".equals(mount.get("mountPath")))
				.findFirst()
				.orElseThrow(() -> new AssertionError(app.name() + " mounts nothing on /tmp"));
			Map<String, Object> volume = Y.maps(pod.get("volumes")).stream()
				.filter((candidate) -> tmpMount.get("name").equals(candidate.get("name")))
				.findFirst()
				.orElseThrow();
			assertThat(volume).containsKey("emptyDir");
		}
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void servicesSendTheAppPortToTheAppsPods(String target) {
		Rendered rendered = Kustomize.render(target);
		for (App app : Platform.APPS) {
			Map<String, Object> service = rendered.named("Service", app.name());
			List<Map<String, Object>> ports = Y.maps(Y.at(service, "spec", "ports"));
			assertThat(ports).singleElement().satisfies((port) -> {
				assertThat(port).containsEntry("port", app.port()).containsEntry("name", "http");
				assertThat(port.get("targetPort")).isIn("http", app.port());
			});
			Map<String, String> podLabels = podLabels(rendered, app);
			Map<String, Object> selector = Y.mapAt(service, "spec", "selector");
			assertThat(podLabels).containsAllEntriesOf(LabelSelectors.labels(selector));
			assertThat(Y.mapAt(rendered.named("Deployment", app.name()), "spec", "selector"))
				.satisfies((deploymentSelector) -> assertThat(LabelSelectors.matches(deploymentSelector, podLabels))
					.isTrue());
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyAppGetsTheConfigurationOfThePlatformInterface(String target) {
		Rendered rendered = Kustomize.render(target);
		Map<String, Map<String, Object>> mongoUsers = mongoUsersByConnectionSecret(rendered);
		for (App app : Platform.APPS) {
			Map<String, Object> container = container(rendered, app);
			Map<String, String> config = new LinkedHashMap<>();
			for (Map<String, Object> source : Y.maps(container.get("envFrom"))) {
				String configMap = Y.str(source, "configMapRef", "name");
				assertThat(configMap).as("%s envFrom uses ConfigMaps only", app.name()).isNotNull();
				Y.mapAt(rendered.configMap(configMap), "data").forEach((k, v) -> config.put(k, String.valueOf(v)));
			}
			Map<String, Map<String, Object>> secretEnv = new HashMap<>();
			for (Map<String, Object> variable : Y.maps(container.get("env"))) {
				Map<String, Object> secretRef = Y.mapAt(variable, "valueFrom", "secretKeyRef");
				Map<String, Object> configMapRef = Y.mapAt(variable, "valueFrom", "configMapKeyRef");
				if (!secretRef.isEmpty()) {
					secretEnv.put(Y.str(variable, "name"), secretRef);
				}
				else if (!configMapRef.isEmpty()) {
					config.put(Y.str(variable, "name"),
							Y.str(rendered.configMap(Y.str(configMapRef, "name")), "data", Y.str(configMapRef, "key")));
				}
				else {
					config.put(Y.str(variable, "name"), Y.str(variable, "value"));
				}
			}

			assertThat(config).as(app.name())
				.containsEntry("SERVER_PORT", String.valueOf(app.port()))
				.containsEntry("SPRING_PROFILES_ACTIVE", "prod");
			if (app.usesKafkaAndMongo()) {
				Map<String, Object> kafka = KafkaClientSettings.kafka(rendered);
				assertThat(config).containsEntry("KAFKA_BOOTSTRAP_SERVERS", Y.str(kafka, "metadata", "name")
						+ "-kafka-bootstrap:" + KafkaClientSettings.clientListener(kafka).get("port"));
			}
			else {
				assertThat(config).doesNotContainKey("KAFKA_BOOTSTRAP_SERVERS");
			}
			if (app.usesMongo()) {
				Map<String, Object> mongoUri = secretEnv.get("MONGODB_URI");
				assertThat(mongoUri).as("%s MONGODB_URI from a Secret", app.name()).isNotNull()
					.containsEntry("key", "connectionString.standard");
				Map<String, Object> user = mongoUsers.get(Y.str(mongoUri, "name"));
				assertThat(user).as("%s: MongoDB user whose connection string is %s", app.name(), mongoUri)
					.isNotNull()
					.containsEntry("db", app.database());
				assertThat(Y.maps(user.get("roles"))).containsExactly(Map.of("name", "readWrite", "db", app.database()));
			}
			else {
				assertThat(secretEnv).doesNotContainKey("MONGODB_URI");
			}
			if (app.storesChannelCredentials()) {
				assertThat(secretEnv.get("CREDENTIALS_ENCRYPTION_KEY")).as(app.name()).isNotNull();
			}
			else {
				assertThat(secretEnv).doesNotContainKey("CREDENTIALS_ENCRYPTION_KEY");
			}
			switch (app.name()) {
				case "facebook-adapter" -> assertThat(config.get("FACEBOOK_GRAPH_BASE_URL")).startsWith("https://");
				// the permalink of evidence accepted without a URL, and the links in the reminders: the console's
				// public address, never the services' local default
				case "manual-adapter" -> assertThat(config.get("GOVCOMM_CONSOLE_BASE_URL")).startsWith("https://");
				// the official sender (the service's default names one province's department); bounces over TLS
				case "email-adapter" -> {
					assertThat(config.get("EMAIL_FROM")).matches(".*<[^@<>\\s]+@[^@<>\\s]+>");
					assertThat(config).containsEntry("EMAIL_BOUNCES_PROTOCOL", "imaps").containsEntry("EMAIL_BOUNCES_PORT",
							"993");
				}
				case "notification-service" -> {
					assertThat(config.get("GOVCOMM_CONSOLE_BASE_URL")).startsWith("https://");
					assertThat(config.get("NOTIFICATIONS_FROM")).matches(".*<[^@<>\\s]+@[^@<>\\s]+>")
						.doesNotContain(".local>");
					assertThat(config.get("NOTIFICATIONS_MESSAGE_ID_DOMAIN")).isNotBlank().doesNotEndWith(".local");
				}
				case "zalo-adapter" -> {
					assertThat(config.get("ZALO_OPENAPI_BASE_URL")).startsWith("https://");
					assertThat(config.get("ZALO_OAUTH_BASE_URL")).startsWith("https://");
				}
				case "gateway" -> {
					for (String[] route : Platform.GATEWAY_ROUTES) {
						App routed = Platform.app(route[1]);
						assertThat(config).containsEntry(route[0], "http://" + routed.name() + ":" + routed.port());
						assertThat(rendered.named("Service", routed.name())).isNotNull();
					}
					assertThat(config.get("OIDC_ISSUER_URI")).as("gateway OIDC issuer").startsWith("https://");
				}
				default -> {
				}
			}
		}
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void autoscalersAndDisruptionBudgetsNeverBlockEachOther(String target) {
		Rendered rendered = Kustomize.render(target);
		for (App app : Platform.APPS) {
			Map<String, Object> deployment = rendered.named("Deployment", app.name());
			assertThat(Y.at(deployment, "spec", "replicas")).as("%s: the autoscaler owns replicas", app.name()).isNull();
			Map<String, Object> hpa = rendered.named("HorizontalPodAutoscaler", app.name());
			assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
			assertThat(Y.mapAt(hpa, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment")
				.containsEntry("name", app.name());
			int min = (Integer) Y.at(hpa, "spec", "minReplicas");
			int max = (Integer) Y.at(hpa, "spec", "maxReplicas");
			assertThat(min).isPositive();
			assertThat(max).isGreaterThanOrEqualTo(min);
			assertThat(Y.maps(Y.at(hpa, "spec", "metrics"))).anySatisfy((metric) -> {
				assertThat(metric).containsEntry("type", "Resource");
				assertThat(Y.str(metric, "resource", "name")).isEqualTo("cpu");
				assertThat(Y.str(metric, "resource", "target", "type")).isEqualTo("Utilization");
			});

			Map<String, Object> pdb = rendered.named("PodDisruptionBudget", app.name());
			assertThat(LabelSelectors.matches(Y.at(pdb, "spec", "selector"), podLabels(rendered, app))).isTrue();
			Object maxUnavailable = Y.at(pdb, "spec", "maxUnavailable");
			Object minAvailable = Y.at(pdb, "spec", "minAvailable");
			if (maxUnavailable != null) {
				assertThat((Integer) maxUnavailable).isPositive();
			}
			else {
				assertThat((Integer) minAvailable).as("%s: a drain must be able to evict a pod", app.name())
					.isLessThan(min);
			}
		}
	}

	/**
	 * An HPA scaling on a group that no listener joins reads a metric without data and never scales out: the group is
	 * taken from the app's own {@code @KafkaListener}s, and the partitions of that group's topics bound maxReplicas.
	 */
	@ParameterizedTest
	@FieldSource("TARGETS")
	void consumersAlsoScaleOnKafkaLagButNeverBeyondTheirTopicsPartitions(String target) {
		Rendered rendered = Kustomize.render(target);
		Map<String, Integer> partitions = new HashMap<>();
		rendered.ofKind("KafkaTopic").forEach((topic) -> partitions.put(Y.str(topic, "spec", "topicName"),
				(Integer) Y.at(topic, "spec", "partitions")));
		Set<String> adapterMetrics = prometheusAdapterExternalMetrics();
		Map<String, List<Listener>> listeners = ServiceListeners.read();
		for (App app : Platform.APPS) {
			Map<String, Object> hpa = rendered.named("HorizontalPodAutoscaler", app.name());
			List<Map<String, Object>> external = Y.maps(Y.at(hpa, "spec", "metrics")).stream()
				.filter((metric) -> "External".equals(metric.get("type")))
				.toList();
			if (app.lagScaledOn().isEmpty()) {
				assertThat(external).as(app.name()).isEmpty();
				continue;
			}
			String group = app.lagScaledOn().get();
			List<Listener> groupListeners = listeners.getOrDefault(app.name(), List.of()).stream()
				.filter((listener) -> listener.group().equals(group))
				.toList();
			assertThat(groupListeners).as("%s scales on consumer group %s: a @KafkaListener of %s must join it "
					+ "(its groups: %s)", app.name(), group, app.name(),
					listeners.getOrDefault(app.name(), List.of()).stream().map(Listener::group).distinct().toList())
				.isNotEmpty();
			assertThat(external).as(app.name()).singleElement().satisfies((metric) -> {
				String name = Y.str(metric, "external", "metric", "name");
				assertThat(name).isEqualTo("kafka_consumergroup_lag");
				assertThat(adapterMetrics).as("served by prometheus-adapter").contains(name);
				assertThat(Y.mapAt(metric, "external", "metric", "selector", "matchLabels"))
					.as("%s scales on the lag of its consumer group", app.name())
					.containsEntry("consumergroup", group);
				assertThat(Y.str(metric, "external", "target", "type")).isEqualTo("AverageValue");
			});
			// The default RangeAssignor gives the n-th consumer a range of each topic's partitions: a replica beyond
			// the partition count of every topic the group reads is assigned nothing.
			Set<String> topics = new TreeSet<>();
			groupListeners.forEach((listener) -> topics.addAll(listener.topics()));
			int topicPartitions = topics.stream()
				.mapToInt((topic) -> {
					assertThat(partitions).as("%s: KafkaTopic %s in %s", app.name(), topic, target).containsKey(topic);
					return partitions.get(topic);
				})
				.max()
				.orElseThrow();
			assertThat((Integer) Y.at(hpa, "spec", "maxReplicas"))
				.as("%s: consumers of group %s beyond %d partitions of %s would idle", app.name(), group,
						topicPartitions, topics)
				.isLessThanOrEqualTo(topicPartitions);
		}
		assertThat(Platform.APPS.stream().filter((app) -> app.role() == Role.ADAPTER).count()).isEqualTo(6);
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void networkPoliciesDenyByDefaultAndOpenOnlyThePlatformFlows(String target) {
		Rendered rendered = Kustomize.render(target);
		String namespace = Y.str(rendered.ofKind("Namespace").get(0), "metadata", "name");
		List<Map<String, Object>> policies = rendered.ofKind("NetworkPolicy");
		assertThat(policies).anySatisfy((policy) -> {
			assertThat(Y.mapAt(policy, "spec", "podSelector")).isEmpty();
			assertThat(Y.list(Y.at(policy, "spec", "policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
			assertThat(Y.at(policy, "spec", "ingress")).isNull();
			assertThat(Y.at(policy, "spec", "egress")).isNull();
		});
		NetworkPolicies network = new NetworkPolicies(namespace, policies);
		Pod gateway = network.pod(podLabels(rendered, Platform.app("gateway")));
		Pod kafka = network.pod(KAFKA_BROKER_POD);
		Pod mongo = network.pod(MONGODB_POD);
		Pod stranger = network.pod(Map.of("app", "debug-shell"));
		Pod ingressController = new Pod("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
		Pod prometheus = new Pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
		Pod dns = new Pod("kube-system", Map.of("k8s-app", "kube-dns"));

		assertThat(network.allows(ingressController, gateway, "TCP", 8080)).as("ingress -> gateway").isTrue();
		assertThat(network.allows(stranger, gateway, "TCP", 8080)).as("stranger -> gateway").isFalse();
		for (App app : Platform.APPS) {
			Pod pod = network.pod(podLabels(rendered, app));
			assertThat(network.allows(prometheus, pod, "TCP", app.port())).as("scrape %s", app.name()).isTrue();
			assertThat(network.allows(pod, dns, "UDP", 53)).as("%s DNS", app.name()).isTrue();
			assertThat(network.allows(pod, mongo, "TCP", 27017)).as("%s -> MongoDB", app.name())
				.isEqualTo(app.usesMongo());
			assertThat(network.allows(pod, kafka, "TCP", KAFKA_CLIENT_PORT)).as("%s -> Kafka", app.name())
				.isEqualTo(app.usesKafkaAndMongo());
			assertThat(network.allows(pod, kafka, "TCP", 9092)).as("%s -> Kafka's former plaintext port", app.name())
				.isFalse();
			if (app.usesKafkaAndMongo()) {
				assertThat(network.allows(gateway, pod, "TCP", app.port())).as("gateway -> %s", app.name()).isTrue();
				assertThat(network.allows(stranger, pod, "TCP", app.port())).as("stranger -> %s", app.name())
					.isFalse();
				for (App other : Platform.services()) {
					assertThat(network.allows(pod, network.pod(podLabels(rendered, other)), "TCP", other.port()))
						.as("%s -> %s (services talk through Kafka)", app.name(), other.name())
						.isFalse();
				}
			}
		}
		assertThat(network.allows(stranger, mongo, "TCP", 27017)).as("stranger -> MongoDB").isFalse();
		assertThat(network.allows(stranger, kafka, "TCP", KAFKA_CLIENT_PORT)).as("stranger -> Kafka").isFalse();
		assertThat(KafkaClientSettings.clientListener(KafkaClientSettings.kafka(rendered)).get("port"))
			.isEqualTo(KAFKA_CLIENT_PORT);
		assertThat(network.allows(mongo, mongo, "TCP", 27017)).as("replica set members").isTrue();
		assertThat(network.allows(kafka, kafka, "TCP", 9091)).as("Kafka replication").isTrue();
	}

	/**
	 * Out of the cluster: HTTPS only for the apps that call a provider (never to private ranges, where in-cluster
	 * traffic has its own policies), SMTP (submission 587 and 25) only for the mail senders and IMAP (993, 143) only
	 * for the bounce reader, to any address since a province's mail servers are often on its internal network, and
	 * nothing else.
	 */
	@ParameterizedTest
	@FieldSource("TARGETS")
	void onlyProviderCallersReachHttpsAndOnlyMailAppsReachMailServersOutsideTheCluster(String target) {
		Rendered rendered = Kustomize.render(target);
		String namespace = Y.str(rendered.ofKind("Namespace").get(0), "metadata", "name");
		NetworkPolicies network = new NetworkPolicies(namespace, rendered.ofKind("NetworkPolicy"));
		String internet = "203.0.113.25";
		String internal = "10.20.30.40";
		for (App app : Platform.APPS) {
			Pod pod = network.pod(podLabels(rendered, app));
			assertThat(network.allowsToOutside(pod, internet, "TCP", 443)).as("%s -> HTTPS out", app.name())
				.isEqualTo(app.callsOutOverHttps());
			assertThat(network.allowsToOutside(pod, internal, "TCP", 443)).as("%s -> HTTPS to a private address",
					app.name()).isFalse();
			for (String address : List.of(internet, internal)) {
				for (int port : List.of(587, 25)) {
					assertThat(network.allowsToOutside(pod, address, "TCP", port)).as("%s -> SMTP %s:%d", app.name(),
							address, port).isEqualTo(app.sendsMail());
				}
			}
			for (int port : List.of(993, 143)) {
				assertThat(network.allowsToOutside(pod, internet, "TCP", port)).as("%s -> IMAP :%d", app.name(), port)
					.isEqualTo(app.readsBounceMailbox());
			}
			for (int port : List.of(80, 465, 3025, 8080)) {
				assertThat(network.allowsToOutside(pod, internet, "TCP", port)).as("%s -> %s:%d", app.name(), internet,
						port).isFalse();
			}
		}
		assertThat(NetworkPolicies.inCidr("10.0.0.0/8", internal)).isTrue();
		assertThat(NetworkPolicies.inCidr("10.0.0.0/8", internet)).isFalse();
		assertThat(NetworkPolicies.inCidr("0.0.0.0/0", internet)).isTrue();
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void mongoReplicaSetHasThreeMembersAndOneScramUserPerServiceDatabase(String target) {
		Rendered rendered = Kustomize.render(target);
		assertThat(rendered.ofKind("MongoDBCommunity")).singleElement().satisfies((mongo) -> {
			assertThat(mongo.get("apiVersion")).isEqualTo("mongodbcommunity.mongodb.com/v1");
			assertThat(Y.at(mongo, "spec", "members")).isEqualTo(3);
			assertThat(Y.str(mongo, "spec", "type")).isEqualTo("ReplicaSet");
			assertThat(Y.list(Y.at(mongo, "spec", "security", "authentication", "modes"))).contains("SCRAM");
			assertThat(Y.maps(Y.at(mongo, "spec", "statefulSet", "spec", "volumeClaimTemplates")))
				.extracting((claim) -> Y.str(claim, "metadata", "name"))
				.contains("data-volume");
		});
		Set<String> databases = new TreeSet<>();
		mongoUsersByConnectionSecret(rendered).values().forEach((user) -> databases.add(Y.str(user, "db")));
		assertThat(databases).isEqualTo(new TreeSet<>(Platform.withDatabase().stream().map(App::database).toList()));
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void monitoringSelectsEveryAppServiceOnItsActuatorEndpoint(String target) {
		Rendered rendered = Kustomize.render(target);
		Map<String, Object> monitor = rendered.named("ServiceMonitor", "govcomm-apps");
		Map<String, Object> endpoint = Y.maps(Y.at(monitor, "spec", "endpoints")).get(0);
		assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");
		assertThat(Y.maps(endpoint.get("relabelings"))).anySatisfy((relabel) -> assertThat(relabel)
			.containsEntry("targetLabel", "platform").containsEntry("replacement", "govcomm"));
		assertThat(Y.str(monitor, "spec", "jobLabel")).isEqualTo("app.kubernetes.io/name");
		for (App app : Platform.APPS) {
			Map<String, Object> service = rendered.named("Service", app.name());
			assertThat(LabelSelectors.matches(Y.at(monitor, "spec", "selector"),
					LabelSelectors.labels(Y.at(service, "metadata", "labels")))).as(app.name()).isTrue();
			assertThat(Y.str(service, "metadata", "labels", "app.kubernetes.io/name")).isEqualTo(app.name());
		}
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void manifestsConformToTheKubernetesApiTypes(String target) {
		Rendered rendered = Kustomize.render(target);
		int checked = 0;
		for (Map<String, Object> document : rendered.documents()) {
			if (KubernetesModel.knows(document)) {
				assertThat(KubernetesModel.unknownFields(document))
					.as("%s %s", document.get("kind"), Y.str(document, "metadata", "name"))
					.isEmpty();
				checked++;
			}
		}
		assertThat(checked).isGreaterThanOrEqualTo(Platform.APPS.size() * 4);
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void overlaysPinImageTagsAndProductionOnlyReleasedOnes(String target) {
		Rendered rendered = Kustomize.render(target);
		for (App app : Platform.APPS) {
			String image = Y.str(container(rendered, app), "image");
			assertThat(image).as(app.name()).matches(".*govcomm/" + app.name() + ":[A-Za-z0-9._-]+");
			String tag = image.substring(image.lastIndexOf(':') + 1);
			assertThat(tag).isNotEqualTo("latest");
			if (target.endsWith("production")) {
				assertThat(tag).as("production image of %s", app.name()).doesNotContain("SNAPSHOT")
					.matches("\\d+\\.\\d+\\.\\d+.*");
			}
		}
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void secretsAreOnlyReferencedAndEachReferenceIsDocumentedOrWrittenByTheOperator(String target) {
		Rendered rendered = Kustomize.render(target);
		assertThat(rendered.ofKind("Secret")).as("no Secret values in manifests").isEmpty();
		Set<String> operatorWritten = new HashSet<>();
		Set<String> referenced = new TreeSet<>();
		// Strimzi writes a Secret per KafkaUser (its name) and the cluster CA certificate.
		operatorWritten.addAll(rendered.names("KafkaUser"));
		rendered.names("Kafka").forEach((cluster) -> operatorWritten.add(cluster + "-cluster-ca-cert"));
		for (Map<String, Object> mongo : rendered.ofKind("MongoDBCommunity")) {
			for (Map<String, Object> user : Y.maps(Y.at(mongo, "spec", "users"))) {
				operatorWritten.add(Y.str(user, "connectionStringSecretName"));
				operatorWritten.add(Y.str(user, "scramCredentialsSecretName"));
				referenced.add(Y.str(user, "passwordSecretRef", "name"));
			}
		}
		for (App app : Platform.APPS) {
			for (Map<String, Object> variable : Y.maps(container(rendered, app).get("env"))) {
				String secret = Y.str(variable, "valueFrom", "secretKeyRef", "name");
				if (secret != null) {
					referenced.add(secret);
				}
			}
		}
		String readme = Repo.read("infra/README.md");
		for (String secret : referenced) {
			if (!operatorWritten.contains(secret)) {
				assertThat(readme).as("infra/README.md tells how to create Secret %s", secret).contains(secret);
			}
		}
		assertThat(referenced).hasSizeGreaterThanOrEqualTo(Platform.services().size() * 2);
	}

	static Map<String, Object> container(Rendered rendered, App app) {
		List<Map<String, Object>> containers = Y.maps(
				Y.at(rendered.named("Deployment", app.name()), "spec", "template", "spec", "containers"));
		assertThat(containers).as(app.name()).hasSize(1);
		return containers.get(0);
	}

	static Map<String, String> podLabels(Rendered rendered, App app) {
		return LabelSelectors.labels(
				Y.at(rendered.named("Deployment", app.name()), "spec", "template", "metadata", "labels"));
	}

	private static Map<String, Map<String, Object>> mongoUsersByConnectionSecret(Rendered rendered) {
		Map<String, Map<String, Object>> users = new HashMap<>();
		for (Map<String, Object> mongo : rendered.ofKind("MongoDBCommunity")) {
			for (Map<String, Object> user : Y.maps(Y.at(mongo, "spec", "users"))) {
				users.put(Y.str(user, "connectionStringSecretName"), user);
			}
		}
		return users;
	}

	private static Set<String> prometheusAdapterExternalMetrics() {
		Map<String, Object> values = Repo.yaml("k8s/monitoring/prometheus-adapter-values.yaml");
		Set<String> names = new TreeSet<>();
		for (Map<String, Object> rule : Y.maps(Y.at(values, "rules", "external"))) {
			String as = Y.str(rule, "name", "as");
			assertThat(Y.str(rule, "seriesQuery")).startsWith(as + "{");
			names.add(as);
		}
		return names;
	}

}
