package vn.govcomm.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.govcomm.deployment.KafkaAccess.Acl;
import vn.govcomm.deployment.Platform.App;
import vn.govcomm.deployment.Platform.Topic;
import vn.govcomm.deployment.Repo.Y;
import vn.govcomm.deployment.ServiceListeners.Listener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what on Kafka. The rights each service needs are derived from the event contract (the AsyncAPI
 * document's x-writer of each topic) and from the services' @KafkaListeners (topics read, consumer groups, their
 * dead-letter topics, which a consumer writes and its dead-letter tooling reads), and compared, in both directions,
 * with what the Strimzi KafkaUsers (k8s/base/kafka/users.yaml) and the compose init script
 * (infra/docker/kafka/create-users-and-acls.sh) grant. Kafka's own authorizer is then asked who can write and who can
 * read each topic: one writer per source topic (a dead-letter replay runs in process and never writes it), and a
 * service reads exactly the DLTs of its own listeners' topics. The negative tests mutate a manifest, the contract or
 * the script in memory and show that the mismatch is found.
 */
class KafkaAccessControlTests {

	static final String USERS = "k8s/base/kafka/users.yaml";

	private final AsyncApiContract contract = AsyncApiContract.read();

	private final Map<String, List<Listener>> listeners = ServiceListeners.read();

	@Test
	void theEventContractNamesExactlyOneWriterServiceForEveryTopic() {
		assertThat(this.contract.problems()).isEmpty();
		assertThat(new TreeSet<>(this.contract.writerByTopic().keySet())).as("the contract's topics are the platform's")
			.isEqualTo(new TreeSet<>(Platform.SOURCE_TOPICS.stream().map(Topic::name).toList()));
	}

	@Test
	void everyListenerConsumesAContractTopicInAConsumerGroupOfItsOwnService() {
		Map<String, String> serviceOfGroup = new TreeMap<>();
		List<String> problems = new ArrayList<>();
		this.listeners.forEach((service, serviceListeners) -> serviceListeners.forEach((listener) -> {
			String other = serviceOfGroup.putIfAbsent(listener.group(), service);
			if (other != null && !other.equals(service)) {
				problems.add("consumer group " + listener.group() + " is shared by " + other + " and " + service);
			}
			if (!listener.group().equals(service) && !listener.group().startsWith(service + ".")) {
				problems.add(service + " consumes in group " + listener.group() + ", not named after the service");
			}
			listener.topics().stream().filter((topic) -> !this.contract.writerByTopic().containsKey(topic))
				.forEach((topic) -> problems.add(listener.file() + " consumes " + topic + ", no AsyncAPI channel"));
		}));
		assertThat(problems).isEmpty();
		assertThat(ServiceListeners.sharedListenerFiles()).as("listeners in shared code (kit, gateway)").isEmpty();
		// The reader found what the services consume today; a listener it missed would lose its ACLs.
		assertThat(this.listeners.get("campaign-service")).isEmpty();
		assertThat(this.listeners.get("reporting-service")).extracting(Listener::group)
			.containsExactlyInAnyOrder("reporting-service.campaigns", "reporting-service.agencies",
					"reporting-service.requests", "reporting-service.status", "reporting-service.notifications");
		assertThat(this.listeners.get("led-adapter")).extracting(Listener::group)
			.containsExactlyInAnyOrder("led-adapter", "led-adapter.directory");
		assertThat(this.listeners.get("manual-adapter")).extracting(Listener::group).containsExactly("manual-adapter");
		assertThat(this.listeners.get("email-adapter")).extracting(Listener::group).containsExactly("email-adapter");
		assertThat(this.listeners.get("notification-service")).extracting(Listener::group)
			.containsExactlyInAnyOrder("notification-service.campaigns", "notification-service.agencies",
					"notification-service.status");
		// every channel's statuses, as the contract names the channels
		assertThat(this.listeners.get("notification-service")).filteredOn((listener) -> listener.group().endsWith(".status"))
			.singleElement()
			.satisfies((listener) -> assertThat(listener.topics()).containsExactlyInAnyOrderElementsOf(
					Platform.CHANNELS.stream().map((channel) -> "delivery.status." + channel).toList()));
	}

	@Test
	void kafkaUsersGrantEachServiceExactlyWhatTheContractAndItsListenersNeed() {
		Map<String, Set<Acl>> granted = KafkaAccess.fromKafkaUsers(kafkaUsers());
		assertThat(KafkaAccess.violations(this.contract, this.listeners, granted)).isEmpty();
		assertThat(granted.keySet()).isEqualTo(new TreeSet<>(Platform.services().stream().map(App::name).toList()));
	}

	@Test
	void kafkaUsersAreScramUsersOfThePlatformClusterWithLiteralAllowRulesOnly() {
		String cluster = Y.str(Repo.yamlDocuments(Repo.read("k8s/base/kafka/kafka.yaml")).stream()
			.filter((doc) -> "Kafka".equals(doc.get("kind"))).findFirst().orElseThrow(), "metadata", "name");
		for (Map<String, Object> user : kafkaUsers()) {
			String name = Y.str(user, "metadata", "name");
			assertThat(user.get("apiVersion")).as(name).isEqualTo("kafka.strimzi.io/v1beta2");
			assertThat(Y.str(user, "metadata", "labels", "strimzi.io/cluster")).as(name).isEqualTo(cluster);
			assertThat(Y.str(user, "spec", "authentication", "type")).as(name).isEqualTo("scram-sha-512");
			assertThat(Y.str(user, "spec", "authorization", "type")).as(name).isEqualTo("simple");
			for (Map<String, Object> rule : Y.maps(Y.at(user, "spec", "authorization", "acls"))) {
				assertThat(rule.keySet()).as("%s rule %s", name, rule).isSubsetOf("resource", "operations", "host", "type");
				assertThat(Y.str(rule, "resource", "patternType")).as("%s rule %s", name, rule).isEqualTo("literal");
				assertThat(Y.list(rule.get("operations"))).as("%s rule %s", name, rule).isNotEmpty()
					.isSubsetOf("Read", "Write", "Describe");
			}
		}
		assertThat(Y.list(Y.at(Repo.yaml("k8s/base/kustomization.yaml"), "resources"))).contains("kafka/users.yaml");
	}

	@Test
	void kafkaItselfLetsOnlyTheContractsWriterWriteATopicAndOnlyItsConsumersWriteAndReadItsDeadLetters() {
		Map<String, Set<Acl>> granted = KafkaAccess.fromKafkaUsers(kafkaUsers());
		Set<String> principals = new TreeSet<>(granted.keySet());
		principals.add("intruder");
		try (KafkaAuthorizer kafka = new KafkaAuthorizer(granted.values().stream().flatMap(Set::stream).toList())) {
			List<String> topics = Platform.TOPICS.stream().map(Topic::name).toList();
			Map<String, Set<String>> writers = KafkaAccess.writersByTopic(kafka, topics, principals);
			Map<String, Set<String>> readers = KafkaAccess.readersByTopic(kafka, topics, principals);
			Map<String, Set<String>> expectedWriters = new LinkedHashMap<>();
			Map<String, Set<String>> expectedReaders = new LinkedHashMap<>();
			for (Topic source : Platform.SOURCE_TOPICS) {
				expectedWriters.put(source.name(), Set.of(this.contract.writerByTopic().get(source.name())));
				expectedWriters.put(source.name() + ".DLT", consumersOf(source.name()));
				expectedReaders.put(source.name(), consumersOf(source.name()));
				expectedReaders.put(source.name() + ".DLT", consumersOf(source.name()));
			}
			assertThat(writers).isEqualTo(expectedWriters);
			assertThat(writers.get("campaign.events")).containsExactly("campaign-service");
			assertThat(readers).isEqualTo(expectedReaders);
			assertThat(readers.get("campaign.events.DLT")).containsExactly("notice-publishing-service",
					"notification-service", "reporting-service");

			for (App app : Platform.services()) {
				Set<String> ownDeadLetters = new TreeSet<>();
				this.listeners.get(app.name())
					.forEach((listener) -> listener.topics()
						.forEach((topic) -> ownDeadLetters.add(KafkaAccess.deadLetterTopic(topic))));
				Set<String> readable = new TreeSet<>();
				for (Topic topic : Platform.TOPICS) {
					if (topic.name().endsWith(".DLT") && kafka.allowed(app.name(), "READ", "TOPIC", topic.name())) {
						readable.add(topic.name());
					}
				}
				assertThat(readable).as("%s reads the DLTs of its own listeners' topics, no other", app.name())
					.isEqualTo(ownDeadLetters);
			}

			for (String user : principals) {
				for (Topic topic : Platform.TOPICS) {
					for (String operation : List.of("CREATE", "DELETE", "ALTER", "ALTER_CONFIGS")) {
						assertThat(kafka.allowed(user, operation, "TOPIC", topic.name())).as("%s %s %s", user, operation,
								topic.name()).isFalse();
					}
				}
				for (String operation : List.of("ALTER", "ALTER_CONFIGS", "CLUSTER_ACTION", "CREATE", "DESCRIBE_CONFIGS")) {
					assertThat(kafka.allowed(user, operation, "CLUSTER", "kafka-cluster")).as("%s %s cluster", user,
							operation).isFalse();
				}
			}
			for (App app : Platform.services()) {
				// Every service produces (events, or at least dead letters) with an idempotent producer.
				assertThat(kafka.mayInitIdempotentProducer(app.name())).as("%s idempotent producer", app.name()).isTrue();
				for (Map.Entry<String, List<Listener>> other : this.listeners.entrySet()) {
					for (Listener listener : other.getValue()) {
						assertThat(kafka.allowed(app.name(), "READ", "GROUP", listener.group()))
							.as("%s joins group %s", app.name(), listener.group())
							.isEqualTo(other.getKey().equals(app.name()));
					}
				}
			}
			assertThat(kafka.mayInitIdempotentProducer("intruder")).isFalse();
			assertThat(kafka.allowed("intruder", "READ", "TOPIC", "campaign.events")).isFalse();
			assertThat(kafka.allowed("intruder", "DESCRIBE", "TOPIC", "campaign.events")).isFalse();
		}
	}

	@Test
	void composeInitCreatesAScramUserPerServiceWithTheSameAclsAsTheKafkaUsers(@TempDir Path work) {
		ComposeKafkaInit init = ComposeKafkaInit.run(work);
		assertThat(init.granted()).isEqualTo(KafkaAccess.fromKafkaUsers(kafkaUsers()));
		assertThat(KafkaAccess.violations(this.contract, this.listeners, init.granted())).isEmpty();
		Map<String, String> expectedPasswords = new TreeMap<>();
		Platform.services().forEach((app) -> expectedPasswords.put(app.name(), "pw-" + app.name()));
		assertThat(init.scramPasswords()).as("each user's password from its own variable").isEqualTo(expectedPasswords);
	}

	@Test
	void composeInitRefusesToCreateAUserWithoutItsPassword(@TempDir Path work) {
		Map<String, String> passwords = new HashMap<>(ComposeKafkaInit.passwords());
		passwords.remove(ComposeKafkaInit.passwordVariable("led-adapter"));
		ExternalTool.Result result = ComposeKafkaInit.execute(work, Repo.read(ComposeKafkaInit.SCRIPT), passwords);
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("SCRAM_PASSWORD_LED_ADAPTER");
	}

	// ---- a deliberate mismatch is found ------------------------------------------------------------------------

	@Test
	void aServiceGrantedWriteOnATopicItDoesNotSendIsFound() {
		List<Map<String, Object>> users = kafkaUsers();
		acls(user(users, "portal-adapter")).add(rule("topic", "campaign.events", "literal", "Write"));
		Map<String, Set<Acl>> granted = KafkaAccess.fromKafkaUsers(users);

		assertThat(KafkaAccess.violations(this.contract, this.listeners, granted)).containsExactly(
				"portal-adapter is granted what neither the AsyncAPI document nor its listeners give it: "
						+ "ALLOW User:portal-adapter WRITE TOPIC campaign.events");
		try (KafkaAuthorizer kafka = new KafkaAuthorizer(granted.values().stream().flatMap(Set::stream).toList())) {
			assertThat(KafkaAccess.writersByTopic(kafka, List.of("campaign.events"), granted.keySet()))
				.containsEntry("campaign.events", Set.of("campaign-service", "portal-adapter"));
		}
	}

	@Test
	void aMissingDeadLetterRightIsFound() {
		List<Map<String, Object>> users = kafkaUsers();
		acls(user(users, "reporting-service")).removeIf((rule) -> "campaign.events.DLT".equals(Y.str(rule, "resource", "name")));

		assertThat(KafkaAccess.violations(this.contract, this.listeners, KafkaAccess.fromKafkaUsers(users)))
			.containsExactlyInAnyOrder("reporting-service lacks ALLOW User:reporting-service WRITE TOPIC campaign.events.DLT",
					"reporting-service lacks ALLOW User:reporting-service READ TOPIC campaign.events.DLT",
					"reporting-service lacks ALLOW User:reporting-service DESCRIBE TOPIC campaign.events.DLT");
	}

	@Test
	void aComposeScriptWhoseConsumersCannotReadTheirDeadLettersIsFound(@TempDir Path work) {
		String script = Repo.read(ComposeKafkaInit.SCRIPT);
		String line = "allow \"${name}\" topic \"${topic}.DLT\" Read Write Describe\n";
		assertThat(script).contains(line);
		ComposeKafkaInit init = ComposeKafkaInit.run(work,
				script.replace(line, "allow \"${name}\" topic \"${topic}.DLT\" Write Describe\n"),
				ComposeKafkaInit.passwords());

		List<String> violations = KafkaAccess.violations(this.contract, this.listeners, init.granted());
		assertThat(violations).isNotEmpty().allMatch((violation) -> violation.matches(".* lacks ALLOW User:\\S+ READ TOPIC \\S+\\.DLT"));
		assertThat(violations).contains(
				"zalo-adapter lacks ALLOW User:zalo-adapter READ TOPIC delivery.requests.zalo.DLT",
				"reporting-service lacks ALLOW User:reporting-service READ TOPIC delivery.status.led.DLT");
	}

	@Test
	void aServiceGrantedReadOnTheDeadLettersOfATopicItDoesNotConsumeIsFound() {
		List<Map<String, Object>> users = kafkaUsers();
		acls(user(users, "portal-adapter")).add(rule("topic", "delivery.requests.facebook.DLT", "literal", "Read"));
		Map<String, Set<Acl>> granted = KafkaAccess.fromKafkaUsers(users);

		assertThat(KafkaAccess.violations(this.contract, this.listeners, granted)).containsExactly(
				"portal-adapter is granted what neither the AsyncAPI document nor its listeners give it: "
						+ "ALLOW User:portal-adapter READ TOPIC delivery.requests.facebook.DLT");
		try (KafkaAuthorizer kafka = new KafkaAuthorizer(granted.values().stream().flatMap(Set::stream).toList())) {
			assertThat(KafkaAccess.readersByTopic(kafka, List.of("delivery.requests.facebook.DLT"), granted.keySet()))
				.containsEntry("delivery.requests.facebook.DLT",
						Set.of("facebook-adapter", "portal-adapter", "reporting-service"));
		}
	}

	@Test
	void aDeadLetterReplayThatWritesTheSourceTopicIsFoundAsASecondWriter() {
		// what a replay produced back to the source topic would need: Write on a topic the service consumes
		List<Map<String, Object>> users = kafkaUsers();
		acls(user(users, "reporting-service")).add(rule("topic", "campaign.events", "literal", "Write"));
		Map<String, Set<Acl>> granted = KafkaAccess.fromKafkaUsers(users);

		assertThat(KafkaAccess.violations(this.contract, this.listeners, granted)).containsExactly(
				"reporting-service is granted what neither the AsyncAPI document nor its listeners give it: "
						+ "ALLOW User:reporting-service WRITE TOPIC campaign.events");
		try (KafkaAuthorizer kafka = new KafkaAuthorizer(granted.values().stream().flatMap(Set::stream).toList())) {
			assertThat(KafkaAccess.writersByTopic(kafka, List.of("campaign.events"), granted.keySet()))
				.containsEntry("campaign.events", Set.of("campaign-service", "reporting-service"));
		}
	}

	@Test
	void aPrefixedGrantIsFoundEvenWhereItCoversOnlyNeededTopics() {
		List<Map<String, Object>> users = kafkaUsers();
		acls(user(users, "notice-publishing-service")).add(rule("topic", "delivery.requests.", "prefixed", "Write"));

		assertThat(KafkaAccess.violations(this.contract, this.listeners, KafkaAccess.fromKafkaUsers(users)))
			.containsExactly("notice-publishing-service is granted what neither the AsyncAPI document nor its listeners "
					+ "give it: ALLOW User:notice-publishing-service WRITE TOPIC delivery.requests. (PREFIXED)");
	}

	@Test
	void aWriterChangedInTheContractWithoutItsAclsIsFound() {
		Map<String, Object> document = Repo.yaml(AsyncApiContract.PATH);
		Y.mapAt(document, "channels", "campaignEvents").put("x-writer", "notice-publishing-service");
		AsyncApiContract changed = AsyncApiContract.parse(document);

		assertThat(KafkaAccess.violations(changed, this.listeners, KafkaAccess.fromKafkaUsers(kafkaUsers())))
			.contains("campaign-service is granted what neither the AsyncAPI document nor its listeners give it: "
					+ "ALLOW User:campaign-service WRITE TOPIC campaign.events",
					"notice-publishing-service lacks ALLOW User:notice-publishing-service WRITE TOPIC campaign.events");
	}

	@Test
	void aTopicWithTwoWritersOrNoneInTheContractIsFound() {
		Map<String, Object> document = Repo.yaml(AsyncApiContract.PATH);
		Y.mapAt(document, "channels", "campaignEvents").put("x-writer", "campaign-service,reporting-service");
		Y.mapAt(document, "channels", "agencyDirectory").remove("x-writer");

		assertThat(AsyncApiContract.parse(document).problems()).containsExactlyInAnyOrder(
				"topic campaign.events must have exactly one writer, a platform service, not "
						+ "'campaign-service,reporting-service'",
				"topic directory.agencies has no writer (x-writer of channel agencyDirectory)");
	}

	@Test
	void aNewListenerWithoutItsAclsIsFound() {
		Map<String, List<Listener>> more = new LinkedHashMap<>(this.listeners);
		List<Listener> zalo = new ArrayList<>(more.get("zalo-adapter"));
		zalo.add(new Listener("zalo-adapter", "zalo-adapter.campaigns", List.of("campaign.events"), "Example.java"));
		more.put("zalo-adapter", zalo);

		assertThat(KafkaAccess.violations(this.contract, more, KafkaAccess.fromKafkaUsers(kafkaUsers())))
			.contains("zalo-adapter lacks ALLOW User:zalo-adapter READ GROUP zalo-adapter.campaigns",
					"zalo-adapter lacks ALLOW User:zalo-adapter READ TOPIC campaign.events",
					"zalo-adapter lacks ALLOW User:zalo-adapter WRITE TOPIC campaign.events.DLT",
					"zalo-adapter lacks ALLOW User:zalo-adapter READ TOPIC campaign.events.DLT");
	}

	@Test
	void aComposeScriptGrantingMoreThanTheContractIsFound(@TempDir Path work) {
		String script = Repo.read(ComposeKafkaInit.SCRIPT);
		String line = "sends campaign-service campaign.events directory.agencies\n";
		assertThat(script).contains(line);
		ComposeKafkaInit init = ComposeKafkaInit.run(work,
				script.replace(line, "sends campaign-service campaign.events directory.agencies delivery.status.zalo\n"),
				ComposeKafkaInit.passwords());

		assertThat(KafkaAccess.violations(this.contract, this.listeners, init.granted())).containsExactlyInAnyOrder(
				"campaign-service is granted what neither the AsyncAPI document nor its listeners give it: "
						+ "ALLOW User:campaign-service WRITE TOPIC delivery.status.zalo",
				"campaign-service is granted what neither the AsyncAPI document nor its listeners give it: "
						+ "ALLOW User:campaign-service DESCRIBE TOPIC delivery.status.zalo");
	}

	@Test
	void theListenerReaderResolvesPlaceholdersAndRefusesWhatItCannotRead() {
		String source = """
				/** Javadoc quoting @KafkaListener(topics = "not.this") is ignored. */
				class Example {
				    @KafkaListener(topics = {"a", "b"}, groupId = "${example.prefix:svc}.x")
				    void on() {
				    }
				    @KafkaListener(id = "svc.by-id", topics = "c")
				    void byId() {
				    }
				    @KafkaListener(topics = "d")
				    void byConfiguration() {
				    }
				}
				""";
		Map<String, Object> configuration = Map.of("spring", Map.of("kafka", Map.of("consumer", Map.of("group-id", "svc"))));
		assertThat(ServiceListeners.parse("svc", "Example.java", source, configuration)).containsExactly(
				new Listener("svc", "svc.x", List.of("a", "b"), "Example.java"),
				new Listener("svc", "svc.by-id", List.of("c"), "Example.java"),
				new Listener("svc", "svc", List.of("d"), "Example.java"));
		Map<String, Object> prefixed = Map.of("example", Map.of("prefix", "configured"), "spring",
				configuration.get("spring"));
		assertThat(ServiceListeners.parse("svc", "Example.java", source, prefixed).get(0).group())
			.isEqualTo("configured.x");

		String withContracts = """
				import vn.govcomm.contracts.EventTypes;
				class Example {
				    @KafkaListener(topics = {EventTypes.TOPIC_CAMPAIGN_EVENTS, "directory.agencies"}, groupId = "svc.c")
				    void on() {
				    }
				    @KafkaListener(topics = vn.govcomm.contracts.EventTypes.TOPIC_NOTIFICATION_EVENTS, groupId = "svc.n")
				    void onNotification() {
				    }
				    @KafkaListener(topics = "#{T(vn.govcomm.contracts.EventTypes).deliveryStatusTopics()}", groupId = "svc.s")
				    void onStatus() {
				    }
				}
				""";
		assertThat(ServiceListeners.parse("svc", "Example.java", withContracts, Map.of())).containsExactly(
				new Listener("svc", "svc.c", List.of("campaign.events", "directory.agencies"), "Example.java"),
				new Listener("svc", "svc.n", List.of("notification.events"), "Example.java"),
				new Listener("svc", "svc.s", Platform.CHANNELS.stream().map((channel) -> "delivery.status." + channel)
					.toList(), "Example.java"));

		// A channel adapter's listener names its topic through the kit's constant, resolved with its own channel.
		String adapter = """
				import vn.govcomm.kit.delivery.ChannelAdapter;
				class Example {
				    @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, groupId = "svc-adapter")
				    void on() {
				    }
				}
				""";
		assertThat(ServiceListeners.parse("svc", "Example.java", adapter,
				Map.of("govcomm", Map.of("adapter", Map.of("channel", "zalo"))))).containsExactly(
				new Listener("svc", "svc-adapter", List.of("delivery.requests.zalo"), "Example.java"));

		for (String unreadable : List.of("@KafkaListener(topicPattern = \"delivery.*\", groupId = \"g\")",
				"@KafkaListener(topics = Topics.EVENTS, groupId = \"g\")",
				// a kit constant without its import
				"@KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC, groupId = \"g\")",
				// a contracts constant without its import, and an expression over a service's own class
				"@KafkaListener(topics = EventTypes.TOPIC_CAMPAIGN_EVENTS, groupId = \"g\")",
				"@KafkaListener(topics = \"#{T(svc.kafka.Topics).statusTopics()}\", groupId = \"g\")")) {
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> ServiceListeners.parse("svc", "X.java", unreadable, Map.of()))
				.isInstanceOf(AssertionError.class);
		}
	}

	// ---- helpers -----------------------------------------------------------------------------------------------

	/** The KafkaUsers as committed, freshly parsed (so a test may change them). */
	static List<Map<String, Object>> kafkaUsers() {
		return Repo.yamlDocuments(Repo.read(USERS)).stream().filter((doc) -> "KafkaUser".equals(doc.get("kind"))).toList();
	}

	private Set<String> consumersOf(String topic) {
		Set<String> consumers = new TreeSet<>();
		this.listeners.forEach((service, serviceListeners) -> serviceListeners.stream()
			.filter((listener) -> listener.topics().contains(topic))
			.forEach((listener) -> consumers.add(service)));
		return consumers;
	}

	private static Map<String, Object> user(List<Map<String, Object>> users, String name) {
		return users.stream().filter((user) -> name.equals(Y.str(user, "metadata", "name"))).findFirst().orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> acls(Map<String, Object> user) {
		return (List<Map<String, Object>>) Y.at(user, "spec", "authorization", "acls");
	}

	private static Map<String, Object> rule(String type, String name, String patternType, String... operations) {
		Map<String, Object> resource = new LinkedHashMap<>();
		resource.put("type", type);
		resource.put("name", name);
		resource.put("patternType", patternType);
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("resource", resource);
		rule.put("operations", List.of(operations));
		return rule;
	}

}
