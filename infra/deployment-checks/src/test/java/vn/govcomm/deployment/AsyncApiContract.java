package vn.govcomm.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import vn.govcomm.deployment.Repo.Y;

/**
 * What the event contract (contracts/src/main/resources/contracts/asyncapi.yaml) says about who writes which topic:
 * each channel's address and its {@code x-writer}, and the {@code send} operations. The document describes the
 * sends only; who receives a topic comes from the services' listeners ({@link ServiceListeners}).
 */
record AsyncApiContract(Map<String, Channel> channels, List<Operation> operations) {

	static final String PATH = "contracts/src/main/resources/contracts/asyncapi.yaml";

	/** A channel: its id in the document, its Kafka topic and the one service that writes it. */
	record Channel(String id, String address, String writer) {
	}

	record Operation(String id, String action, String channelId) {
	}

	static AsyncApiContract read() {
		return parse(Repo.yaml(PATH));
	}

	static AsyncApiContract parse(Map<String, Object> document) {
		Map<String, Channel> channels = new LinkedHashMap<>();
		Y.mapAt(document, "channels").forEach((id, channel) -> channels.put(id,
				new Channel(id, Y.str(channel, "address"), Y.str(channel, "x-writer"))));
		List<Operation> operations = new ArrayList<>();
		Y.mapAt(document, "operations").forEach((id, operation) -> {
			String ref = Objects.requireNonNullElse(Y.str(operation, "channel", "$ref"), "");
			operations.add(new Operation(id, Y.str(operation, "action"),
					ref.startsWith("#/channels/") ? ref.substring("#/channels/".length()) : ref));
		});
		return new AsyncApiContract(channels, operations);
	}

	/** Topic → its writer, for every channel that names one. */
	Map<String, String> writerByTopic() {
		Map<String, String> writers = new LinkedHashMap<>();
		this.channels.values().forEach((channel) -> writers.put(channel.address(), channel.writer()));
		return writers;
	}

	/**
	 * What the contract itself must satisfy for ACLs to be derived from it: every channel has an address and exactly
	 * one writer that is a platform service, every channel is sent by a send operation, every operation names a
	 * channel of the document, and no two channels share a topic.
	 */
	List<String> problems() {
		List<String> problems = new ArrayList<>();
		List<String> services = Platform.services().stream().map(Platform.App::name).toList();
		Map<String, String> channelOfTopic = new LinkedHashMap<>();
		this.channels.values().forEach((channel) -> {
			if (channel.address() == null || channel.address().isBlank()) {
				problems.add("AsyncAPI channel " + channel.id() + " has no address");
				return;
			}
			String other = channelOfTopic.putIfAbsent(channel.address(), channel.id());
			if (other != null) {
				problems.add("AsyncAPI channels " + other + " and " + channel.id() + " are both topic " + channel.address());
			}
			if (channel.writer() == null || channel.writer().isBlank()) {
				problems.add("topic " + channel.address() + " has no writer (x-writer of channel " + channel.id() + ")");
			}
			else if (channel.writer().contains(",") || !services.contains(channel.writer())) {
				problems.add("topic " + channel.address() + " must have exactly one writer, a platform service, not '"
						+ channel.writer() + "'");
			}
			boolean sent = this.operations.stream()
				.anyMatch((operation) -> "send".equals(operation.action()) && channel.id().equals(operation.channelId()));
			if (!sent) {
				problems.add("topic " + channel.address() + " has no send operation in the AsyncAPI document");
			}
		});
		this.operations.forEach((operation) -> {
			if (!this.channels.containsKey(operation.channelId())) {
				problems.add("AsyncAPI operation " + operation.id() + " names no channel of the document");
			}
		});
		return problems;
	}

}
