package vn.govcomm.deployment;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import vn.govcomm.deployment.ContainerEnv.Value;
import vn.govcomm.deployment.Kustomize.Rendered;
import vn.govcomm.deployment.Platform.App;
import vn.govcomm.deployment.Repo.Y;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the mail senders (e-mail channel, reminders) reach the province's SMTP relay: host, port and account from the
 * Secret govcomm-smtp-relay on Kubernetes and from infra/.env in compose, always authenticated, STARTTLS required.
 * What counts is what Spring Boot makes of it: the variables are bound with Spring Boot's binder to its mail
 * properties, together with the service's own configuration file (whose local defaults they must override).
 */
class MailRelayTests {

	static final List<String> TARGETS = Kustomize.TARGETS;

	static final String RELAY_SECRET = "govcomm-smtp-relay";

	/** Variable → key of the relay Secret, and the value the binding test gives that key. */
	private static final Map<String, String[]> RELAY = Map.of("SPRING_MAIL_HOST", new String[] { "host", "relay.example" },
			"SPRING_MAIL_PORT", new String[] { "port", "587" }, "SPRING_MAIL_USERNAME",
			new String[] { "username", "govcomm@relay.example" }, "SPRING_MAIL_PASSWORD",
			new String[] { "password", "relay-password" });

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([?-])([^}]*))?}");

	@ParameterizedTest
	@FieldSource("TARGETS")
	void mailSendersTakeTheRelayAndItsAccountFromTheSecretAndRequireStartTls(String target) {
		Rendered rendered = Kustomize.render(target);
		assertThat(Platform.APPS).filteredOn(App::sendsMail).extracting(App::name)
			.containsExactlyInAnyOrder("email-adapter", "notification-service");
		for (App app : Platform.APPS) {
			Map<String, Value> env = ContainerEnv.of(rendered, app);
			if (!app.sendsMail()) {
				assertThat(env.keySet()).as("%s sends no mail", app.name()).noneMatch((name) -> name.startsWith("SPRING_MAIL_"));
				continue;
			}
			Map<String, Object> environment = new HashMap<>();
			env.forEach((name, value) -> environment.put(name, value.fromSecret() ? secretValue(value) : value.literal()));
			RELAY.forEach((variable, secret) -> assertThat(env.get(variable)).as("%s %s", app.name(), variable)
				.isNotNull()
				.satisfies((value) -> assertThat(value.isSecret(RELAY_SECRET, secret[0]))
					.as("%s from Secret %s key %s, not %s", variable, RELAY_SECRET, secret[0], value).isTrue()));
			assertRelaySession(app, bind(app.name(), environment), "relay.example", 587, "govcomm@relay.example",
					"relay-password");
		}
	}

	@Test
	void composeMailSendersTakeTheRelayFromTheEnvironmentFileAndRequireStartTls() {
		Map<String, Object> compose = Repo.yaml("infra/compose.yaml");
		for (App app : Platform.APPS) {
			Map<String, Object> raw = Y.mapAt(compose, "services", app.name(), "environment");
			if (!app.sendsMail()) {
				assertThat(raw.keySet()).as("%s sends no mail", app.name()).noneMatch((name) -> name.startsWith("SPRING_MAIL_"));
				continue;
			}
			for (String secret : List.of("SPRING_MAIL_HOST", "SPRING_MAIL_USERNAME", "SPRING_MAIL_PASSWORD")) {
				assertThat(String.valueOf(raw.get(secret))).as("%s %s is required", app.name(), secret)
					.matches("\\$\\{SMTP_[A-Z]+:\\?[^}]*}");
			}
			assertRelaySession(app, bind(app.name(), interpolated(raw)), "env-smtp-host", 587, "env-smtp-username",
					"env-smtp-password");
		}
	}

	@Test
	void aSenderWithoutRequiredStartTlsOrTrustingAnyCertificateIsFound() {
		Rendered rendered = Kustomize.render("k8s/overlays/production");
		App app = Platform.app("notification-service");
		Map<String, Object> environment = new HashMap<>();
		ContainerEnv.of(rendered, app).forEach((name, value) -> environment.put(name,
				value.fromSecret() ? secretValue(value) : value.literal()));
		assertRelaySession(app, bind(app.name(), environment), "relay.example", 587, "govcomm@relay.example",
				"relay-password");

		Map<String, Object> optional = new HashMap<>(environment);
		optional.put("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_REQUIRED", "false");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertRelaySession(app, bind(app.name(), optional),
				"relay.example", 587, "govcomm@relay.example", "relay-password"))
			.isInstanceOf(AssertionError.class).hasMessageContaining("mail.smtp.starttls.required");

		Map<String, Object> trusting = new HashMap<>(environment);
		trusting.put("SPRING_MAIL_PROPERTIES_MAIL_SMTP_SSL_TRUST", "*");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertRelaySession(app, bind(app.name(), trusting),
				"relay.example", 587, "govcomm@relay.example", "relay-password"))
			.isInstanceOf(AssertionError.class);
	}

	private static void assertRelaySession(App app, MailProperties mail, String host, int port, String username,
			String password) {
		assertThat(mail.getHost()).as("%s relay host", app.name()).isEqualTo(host);
		assertThat(mail.getPort()).as("%s relay port", app.name()).isEqualTo(port);
		assertThat(mail.getUsername()).as(app.name()).isEqualTo(username);
		assertThat(mail.getPassword()).as(app.name()).isEqualTo(password);
		assertThat(mail.getProperties()).as("%s Jakarta Mail session", app.name())
			.containsEntry("mail.smtp.auth", "true")
			.containsEntry("mail.smtp.starttls.enable", "true")
			.containsEntry("mail.smtp.starttls.required", "true");
		// the relay's certificate is checked like any other: no blanket trust, no host name exemption
		assertThat(mail.getProperties().get("mail.smtp.ssl.trust")).as(app.name()).isNotEqualTo("*");
		assertThat(mail.getProperties().get("mail.smtp.ssl.checkserveridentity")).as(app.name()).isNotEqualTo("false");
	}

	/**
	 * Spring Boot's mail properties of a service from these environment variables and its own configuration file
	 * (services/&lt;service&gt;/src/main/resources/&lt;service&gt;.yml, when it exists), in Spring's precedence order.
	 */
	static MailProperties bind(String service, Map<String, Object> environment) {
		MutablePropertySources sources = new MutablePropertySources();
		// Named as Spring names the process environment: only then are SPRING_MAIL_... names mapped to spring.mail.
		sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				environment));
		Map<String, Object> configuration = new LinkedHashMap<>();
		String file = "services/" + service + "/src/main/resources/" + service + ".yml";
		if (Files.isRegularFile(Repo.path(file))) {
			for (Map<String, Object> document : Repo.yamlDocuments(Repo.read(file))) {
				flatten("", document, configuration);
			}
		}
		configuration.keySet().removeIf((key) -> !key.startsWith("spring.mail."));
		sources.addLast(new MapPropertySource("service configuration", configuration));
		Binder binder = new Binder(ConfigurationPropertySources.from(sources),
				new PropertySourcesPlaceholdersResolver(sources));
		return binder.bindOrCreate("spring.mail", MailProperties.class);
	}

	private static String secretValue(Value value) {
		if (RELAY_SECRET.equals(value.secretName())) {
			return RELAY.values().stream().filter((secret) -> secret[0].equals(value.secretKey())).findFirst()
				.map((secret) -> secret[1]).orElseThrow(() -> new AssertionError("unknown key of " + value));
		}
		return "secret-" + value.secretName() + "-" + value.secretKey();
	}

	/** Compose's interpolation: a default where the file gives one, else a value named after the variable. */
	private static Map<String, Object> interpolated(Map<String, Object> environment) {
		Map<String, Object> values = new LinkedHashMap<>();
		environment.forEach((key, value) -> {
			Matcher variable = VARIABLE.matcher(String.valueOf(value));
			StringBuilder text = new StringBuilder();
			while (variable.find()) {
				String replacement = "-".equals(variable.group(2)) ? variable.group(3)
						: "env-" + variable.group(1).toLowerCase().replace('_', '-');
				variable.appendReplacement(text, Matcher.quoteReplacement(replacement));
			}
			variable.appendTail(text);
			values.put(key, text.toString());
		});
		return values;
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
