package vn.govcomm.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The platform's interface as the deployment descriptors must honour it: apps, ports, databases, topics.
 * This is the one place the tests take it from; everything else is read from the committed files (the delivery
 * channels from the event contract, so a channel added there is missing from the manifests until they follow).
 */
final class Platform {

	enum Role { GATEWAY, SERVICE, PUBLISHER, ADAPTER }

	/**
	 * @param lagGroup the Kafka consumer group whose lag its HorizontalPodAutoscaler scales on (one of the groups its
	 * {@code @KafkaListener}s join), or null when it does not scale on lag
	 */
	record App(String name, int port, String database, Role role, String jarPath, String lagGroup) {

		boolean usesKafkaAndMongo() {
			return this.role != Role.GATEWAY;
		}

		/** Its own database: every service, and the gateway for its audit trail. */
		boolean usesMongo() {
			return this.database != null;
		}

		boolean storesChannelCredentials() {
			return this.name.equals("facebook-adapter") || this.name.equals("zalo-adapter");
		}

		/** Sends e-mail through the province's SMTP relay (Spring Boot mail, STARTTLS, authenticated). */
		boolean sendsMail() {
			return MAIL_SENDERS.contains(this.name);
		}

		/** Reads the bounces of its mail from a mailbox over IMAP. */
		boolean readsBounceMailbox() {
			return this.name.equals("email-adapter");
		}

		/** Calls HTTPS endpoints outside the cluster (identity provider keys, channel providers' APIs). */
		boolean callsOutOverHttps() {
			return HTTPS_CALLERS.contains(this.name);
		}

		/**
		 * The consumer group it scales on, if it scales on lag: the {@code consumergroup} label of kafka-exporter's
		 * {@code kafka_consumergroup_lag}. The partitions of the group's topics bound its useful replica count.
		 */
		Optional<String> lagScaledOn() {
			return Optional.ofNullable(this.lagGroup);
		}
	}

	record Topic(String name, int partitions, boolean compacted) {

		boolean isDeadLetter() {
			return this.name.endsWith(".DLT");
		}
	}

	static final String VERSION = "0.1.0-SNAPSHOT";

	static final List<App> APPS = List.of(
			new App("gateway", 8080, "govcomm_gateway", Role.GATEWAY, "gateway/target/gateway-" + VERSION + "-exec.jar", null),
			service("campaign-service", 8081, "govcomm_campaigns", Role.SERVICE, null),
			// Its heaviest group: the delivery statuses of every channel (it also joins .campaigns and .directory).
			service("notice-publishing-service", 8082, "govcomm_publishing", Role.PUBLISHER,
					"notice-publishing-service.status"),
			// An adapter's group reads delivery.requests.<channel> (led-adapter also joins led-adapter.directory).
			service("portal-adapter", 8083, "govcomm_portal", Role.ADAPTER, "portal-adapter"),
			service("facebook-adapter", 8084, "govcomm_facebook", Role.ADAPTER, "facebook-adapter"),
			service("zalo-adapter", 8085, "govcomm_zalo", Role.ADAPTER, "zalo-adapter"),
			service("led-adapter", 8086, "govcomm_led", Role.ADAPTER, "led-adapter"),
			service("reporting-service", 8087, "govcomm_reporting", Role.SERVICE, null),
			service("manual-adapter", 8088, "govcomm_manual", Role.ADAPTER, "manual-adapter"),
			service("email-adapter", 8089, "govcomm_email", Role.ADAPTER, "email-adapter"),
			// Clock-driven reminders plus a few notifications per status change: it scales on CPU only.
			service("notification-service", 8090, "govcomm_notifications", Role.SERVICE, null));

	static final List<String> MAIL_SENDERS = List.of("email-adapter", "notification-service");

	static final List<String> HTTPS_CALLERS = List.of("gateway", "portal-adapter", "facebook-adapter", "zalo-adapter",
			"led-adapter");

	/**
	 * The delivery channels, in the contract's order: the x of every delivery.requests.x topic of the AsyncAPI
	 * document. Its delivery.status.x follows: the contract's topics must be exactly {@link #SOURCE_TOPICS}.
	 */
	static final List<String> CHANNELS = channelsOfTheContract();

	/** Every consumed topic, followed in {@link #TOPICS} by its dead-letter topic. */
	static final List<Topic> SOURCE_TOPICS = sourceTopics();

	static final List<Topic> TOPICS = withDeadLetterTopics();

	/** Gateway route variables and the app each one must point at. */
	static final List<String[]> GATEWAY_ROUTES = List.of(
			new String[] { "CAMPAIGN_SERVICE_URL", "campaign-service" },
			new String[] { "PUBLISHING_SERVICE_URL", "notice-publishing-service" },
			new String[] { "PORTAL_ADAPTER_URL", "portal-adapter" },
			new String[] { "FACEBOOK_ADAPTER_URL", "facebook-adapter" },
			new String[] { "ZALO_ADAPTER_URL", "zalo-adapter" },
			new String[] { "LED_ADAPTER_URL", "led-adapter" },
			new String[] { "REPORTING_SERVICE_URL", "reporting-service" },
			new String[] { "MANUAL_ADAPTER_URL", "manual-adapter" },
			// no API of its own at the gateway, only its dead letters (/api/dead-letters/email-adapter/**)
			new String[] { "EMAIL_ADAPTER_URL", "email-adapter" },
			new String[] { "NOTIFICATION_SERVICE_URL", "notification-service" });

	static final int REPLICATION_FACTOR = 3;

	static final int MIN_INSYNC_REPLICAS = 2;

	private Platform() {
	}

	static App app(String name) {
		return APPS.stream().filter((app) -> app.name().equals(name)).findFirst().orElseThrow();
	}

	static Topic topic(String name) {
		return TOPICS.stream().filter((topic) -> topic.name().equals(name)).findFirst().orElseThrow();
	}

	static List<App> services() {
		return APPS.stream().filter(App::usesKafkaAndMongo).toList();
	}

	/** The apps with a database of their own. */
	static List<App> withDatabase() {
		return APPS.stream().filter(App::usesMongo).toList();
	}

	private static App service(String name, int port, String database, Role role, String lagGroup) {
		return new App(name, port, database, role, "services/" + name + "/target/" + name + "-" + VERSION + "-exec.jar",
				lagGroup);
	}

	private static List<Topic> sourceTopics() {
		List<Topic> topics = new ArrayList<>();
		topics.add(new Topic("campaign.events", 6, false));
		topics.add(new Topic("directory.agencies", 3, true));
		for (String channel : CHANNELS) {
			topics.add(new Topic("delivery.requests." + channel, 12, false));
			topics.add(new Topic("delivery.status." + channel, 12, false));
		}
		topics.add(new Topic("notification.events", 6, false));
		return List.copyOf(topics);
	}

	private static List<String> channelsOfTheContract() {
		String prefix = "delivery.requests.";
		List<String> channels = AsyncApiContract.read().channels().values().stream()
			.map(AsyncApiContract.Channel::address)
			.filter((address) -> address != null && address.startsWith(prefix))
			.map((address) -> address.substring(prefix.length()))
			.toList();
		if (channels.isEmpty()) {
			throw new AssertionError(AsyncApiContract.PATH + " names no delivery.requests.<channel> topic");
		}
		return channels;
	}

	private static List<Topic> withDeadLetterTopics() {
		List<Topic> topics = new ArrayList<>();
		for (Topic source : SOURCE_TOPICS) {
			topics.add(source);
			// Same partition count: the dead-letter recoverer writes to the source record's partition number.
			topics.add(new Topic(source.name() + ".DLT", source.partitions(), false));
		}
		return List.copyOf(topics);
	}

}
