package vn.govcomm.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.govcomm.deployment.Platform.Topic;
import vn.govcomm.deployment.Repo.Y;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topics: what the compose one-shot creates (its script run against a recording stub of kafka-topics.sh), what
 * Strimzi's topic operator creates (k8s/base/kafka/topics.yaml), and the Strimzi cluster they live on.
 */
class KafkaTopicTests {

	record TopicSpec(String name, int partitions, int replicationFactor, Map<String, String> config) {
	}

	@Test
	void composeScriptCreatesEveryTopicAndDeadLetterTopicIdempotentlyWithReplicationFactorThree(@TempDir Path work)
			throws IOException {
		Map<String, TopicSpec> created = runCreateTopicsScript(work);
		assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(
				Platform.TOPICS.stream().map(Topic::name).toList());
		for (Topic topic : Platform.TOPICS) {
			TopicSpec spec = created.get(topic.name());
			assertThat(spec.partitions()).as(topic.name()).isEqualTo(topic.partitions());
			assertThat(spec.replicationFactor()).as(topic.name()).isEqualTo(Platform.REPLICATION_FACTOR);
			assertThat(spec.config()).as(topic.name())
				.containsEntry("min.insync.replicas", String.valueOf(Platform.MIN_INSYNC_REPLICAS));
			assertThat(spec.config().getOrDefault("cleanup.policy", "delete")).as(topic.name())
				.isEqualTo(topic.compacted() ? "compact" : "delete");
		}
	}

	@Test
	void strimziTopicsAreExactlyTheTopicsTheComposeScriptCreates(@TempDir Path work) throws IOException {
		Map<String, TopicSpec> compose = runCreateTopicsScript(work);
		Map<String, TopicSpec> strimzi = strimziTopics();
		assertThat(strimzi).isEqualTo(compose);
	}

	@Test
	void everyTopicIsAStrimziTopicOfTheClusterWithReplicationFactorThree() {
		String cluster = Y.str(kafkaDocuments("Kafka").get(0), "metadata", "name");
		List<Map<String, Object>> topics = kafkaTopicDocuments();
		assertThat(topics).hasSize(Platform.TOPICS.size());
		for (Map<String, Object> topic : topics) {
			String name = Y.str(topic, "spec", "topicName");
			assertThat(Y.str(topic, "metadata", "labels", "strimzi.io/cluster")).as(name).isEqualTo(cluster);
			assertThat(Y.at(topic, "spec", "replicas")).as(name).isEqualTo(Platform.REPLICATION_FACTOR);
			assertThat(Y.str(topic, "metadata", "name")).as("DNS-1123 resource name of %s", name)
				.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")
				.isEqualTo(name.toLowerCase().replace('.', '-'));
		}
	}

	@Test
	void everyDeadLetterTopicHasItsSourcesPartitionCountAndIsNeverCompacted() {
		Map<String, TopicSpec> topics = strimziTopics();
		for (Topic source : Platform.SOURCE_TOPICS) {
			TopicSpec dlt = topics.get(source.name() + ".DLT");
			assertThat(dlt).as("DLT of " + source.name()).isNotNull();
			assertThat(dlt.partitions()).isEqualTo(topics.get(source.name()).partitions());
			assertThat(dlt.config()).doesNotContainEntry("cleanup.policy", "compact");
		}
		assertThat(topics.get("directory.agencies").config()).containsEntry("cleanup.policy", "compact");
	}

	@Test
	void strimziClusterIsKraftWithThreeNodesThatAreBothBrokerAndController() {
		Map<String, Object> kafka = kafkaDocuments("Kafka").get(0);
		String cluster = Y.str(kafka, "metadata", "name");
		assertThat(Y.mapAt(kafka, "metadata", "annotations")).containsEntry("strimzi.io/kraft", "enabled")
			.containsEntry("strimzi.io/node-pools", "enabled");
		assertThat(Y.at(kafka, "spec", "zookeeper")).isNull();
		Map<String, Object> config = Y.mapAt(kafka, "spec", "kafka", "config");
		assertThat(config).containsEntry("default.replication.factor", 3)
			.containsEntry("min.insync.replicas", 2)
			.containsEntry("offsets.topic.replication.factor", 3)
			.containsEntry("transaction.state.log.replication.factor", 3)
			.containsEntry("transaction.state.log.min.isr", 2)
			.containsEntry("auto.create.topics.enable", false);
		assertThat(Y.at(kafka, "spec", "kafkaExporter")).as("lag metrics for the autoscalers").isNotNull();
		assertThat(Y.at(kafka, "spec", "entityOperator", "topicOperator")).as("reconciles KafkaTopic").isNotNull();

		int controllers = 0;
		int brokers = 0;
		for (Map<String, Object> pool : kafkaDocuments("KafkaNodePool")) {
			assertThat(Y.str(pool, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(cluster);
			int replicas = (Integer) Y.at(pool, "spec", "replicas");
			List<Object> roles = Y.list(Y.at(pool, "spec", "roles"));
			controllers += roles.contains("controller") ? replicas : 0;
			brokers += roles.contains("broker") ? replicas : 0;
			assertThat(Y.str(pool, "spec", "storage", "type")).isEqualTo("jbod");
			Y.maps(Y.at(pool, "spec", "storage", "volumes"))
				.forEach((volume) -> assertThat(volume).containsEntry("type", "persistent-claim")
					.containsEntry("deleteClaim", false));
		}
		assertThat(controllers).as("controller quorum").isEqualTo(3);
		assertThat(brokers).as("brokers, one per replica").isEqualTo(Platform.REPLICATION_FACTOR);
	}

	static Map<String, TopicSpec> strimziTopics() {
		Map<String, TopicSpec> topics = new TreeMap<>();
		for (Map<String, Object> topic : kafkaTopicDocuments()) {
			Map<String, String> config = new TreeMap<>();
			Y.mapAt(topic, "spec", "config").forEach((key, value) -> config.put(key, String.valueOf(value)));
			String name = Y.str(topic, "spec", "topicName");
			assertThat(topics).as("duplicate topic " + name).doesNotContainKey(name);
			topics.put(name, new TopicSpec(name, (Integer) Y.at(topic, "spec", "partitions"),
					(Integer) Y.at(topic, "spec", "replicas"), config));
		}
		return topics;
	}

	private static List<Map<String, Object>> kafkaTopicDocuments() {
		return kafkaDocuments("KafkaTopic");
	}

	private static List<Map<String, Object>> kafkaDocuments(String kind) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (String file : List.of("k8s/base/kafka/kafka.yaml", "k8s/base/kafka/topics.yaml")) {
			Repo.yamlDocuments(Repo.read(file)).stream().filter((doc) -> kind.equals(doc.get("kind")))
				.forEach(documents::add);
		}
		assertThat(documents).as(kind).isNotEmpty();
		documents.forEach((doc) -> assertThat(doc.get("apiVersion")).isEqualTo("kafka.strimzi.io/v1beta2"));
		return documents;
	}

	/** Runs infra/docker/kafka/create-topics.sh with kafka-topics.sh replaced by a stub that records its arguments. */
	static Map<String, TopicSpec> runCreateTopicsScript(Path work) throws IOException {
		Path calls = work.resolve("calls.txt");
		Path stub = work.resolve("kafka-topics.sh");
		Files.writeString(stub, "#!/usr/bin/env bash\nprintf '%s\\x1f' \"$@\" >> \"" + calls + "\"\necho >> \"" + calls
				+ "\"\n");
		Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
		ExternalTool.execute(List.of("bash", Repo.path("infra/docker/kafka/create-topics.sh").toString()), work,
				Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092,kafka-3:9092", "KAFKA_TOPICS",
						stub.toString()))
			.assertSuccess("create-topics.sh");

		Map<String, TopicSpec> topics = new TreeMap<>();
		for (String line : Files.readAllLines(calls)) {
			List<String> args = List.of(line.split("\u001f"));
			assertThat(args).containsSubsequence("--bootstrap-server", "kafka-1:9092,kafka-2:9092,kafka-3:9092");
			if (!args.contains("--create")) {
				continue;
			}
			assertThat(args).as("idempotent").contains("--if-not-exists");
			Map<String, String> config = new LinkedHashMap<>();
			for (int i = 0; i < args.size(); i++) {
				if (args.get(i).equals("--config")) {
					String[] pair = args.get(i + 1).split("=", 2);
					config.put(pair[0], pair[1]);
				}
			}
			String name = args.get(args.indexOf("--topic") + 1);
			assertThat(topics).as("created twice: " + name).doesNotContainKey(name);
			topics.put(name, new TopicSpec(name, Integer.parseInt(args.get(args.indexOf("--partitions") + 1)),
					Integer.parseInt(args.get(args.indexOf("--replication-factor") + 1)), new TreeMap<>(config)));
		}
		return topics;
	}

}
