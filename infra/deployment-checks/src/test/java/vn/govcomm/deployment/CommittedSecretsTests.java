package vn.govcomm.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import vn.govcomm.deployment.Repo.Y;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No credential, key or token is committed in the deployment descriptors (compose, images, Prometheus, Grafana,
 * k8s/): they are all referenced, never written down.
 */
class CommittedSecretsTests {

	/** Names of settings that hold a secret value (not the name of a Secret: those end in Name/Ref). */
	private static final Pattern SECRET_NAME = Pattern.compile(
			"(?i).*(password|passwd|secret|token|api[_-]?key|encryption[_-]?key|private[_-]?key|credentials?)$");

	private static final List<String> DESCRIPTORS = List.of("infra/compose.yaml", "infra/.env.example",
			"infra/README.md", "infra/docker", "infra/prometheus", "infra/grafana", "k8s");

	private static final Pattern PEM = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");

	/** 32+ characters of base64 or hex with letters and digits: the shape of a generated key or token. */
	private static final Pattern RANDOM_LOOKING = Pattern.compile("(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}");

	private static final Pattern URI_PASSWORD = Pattern.compile("[a-z][a-z0-9+.-]*://[^/@\\s:]+:([^@\\s/]+)@");

	@Test
	void noCommittedFileHoldsASecretValue() {
		List<String> findings = new ArrayList<>();
		int scanned = 0;
		for (String root : DESCRIPTORS) {
			List<Path> files = Repo.path(root).toFile().isDirectory() ? Repo.files(root) : List.of(Repo.path(root));
			for (Path file : files) {
				String name = Repo.relative(file);
				if (name.contains("/target/") || !isText(name)) {
					continue;
				}
				findings.addAll(scan(name, Repo.read(file)));
				scanned++;
			}
		}
		assertThat(scanned).isGreaterThan(30);
		assertThat(findings).isEmpty();
	}

	@Test
	void envExampleLeavesEverySecretEmpty() {
		ComposeFileTests.envExample().forEach((key, value) -> {
			if (SECRET_NAME.matcher(key).matches() || key.endsWith("_USERNAME")) {
				assertThat(value).as("%s in infra/.env.example", key).isEmpty();
			}
		});
	}

	/** The scanner itself finds what it is meant to find, so an empty result above means something. */
	@Test
	void scannerFlagsTheShapesOfCommittedSecrets() {
		assertThat(scan("a.yaml", "environment:\n  MONGO_PASSWORD: hunter2\n")).hasSize(1);
		assertThat(scan("a.yaml", "env:\n  - name: DB_PASSWORD\n    value: hunter2\n")).hasSize(1);
		assertThat(scan("a.yaml", "kind: Secret\nstringData:\n  user: x\n")).hasSize(1);
		assertThat(scan("a.yaml", "url: mongodb://app:hunter2@mongo-1:27017/db\n")).hasSize(1);
		assertThat(scan("a.env", "CREDENTIALS_ENCRYPTION_KEY=q83vEjRWeJCrze8SNFZ4kKvN7xI0Vnj4kKvN7xI0Vnc=\n")).isNotEmpty();
		assertThat(scan("a.pem", "-----BEGIN RSA PRIVATE KEY-----\n")).hasSize(1);
		assertThat(scan("a.yaml", "api_token: 12345678\n")).hasSize(1);

		assertThat(scan("a.yaml", "environment:\n  MONGO_PASSWORD: ${MONGO_PASSWORD:?required}\n")).isEmpty();
		assertThat(scan("a.yaml", "url: mongodb://${U:?u}:${P:?p}@mongo-1:27017/db\n")).isEmpty();
		assertThat(scan("a.md", "MONGODB_URI is mongodb://<user>:<password>@<members>/<database>\n")).isEmpty();
		assertThat(scan("a.yaml", "automountServiceAccountToken: false\n")).isEmpty();
		assertThat(scan("a.yaml", "passwordSecretRef:\n  name: x-password\nscramCredentialsSecretName: x-scram\n"))
			.isEmpty();
		assertThat(scan("a.yaml", "env:\n  - name: DB_PASSWORD\n    valueFrom: {secretKeyRef: {name: a, key: b}}\n"))
			.isEmpty();
	}

	static List<String> scan(String name, String text) {
		List<String> findings = new ArrayList<>();
		if (PEM.matcher(text).find()) {
			findings.add(name + ": private key block");
		}
		Matcher random = RANDOM_LOOKING.matcher(text);
		while (random.find()) {
			String token = random.group();
			if (token.chars().anyMatch(Character::isDigit) && token.chars().anyMatch(Character::isLetter)
					&& !token.contains("--") && !looksLikeAName(token)) {
				findings.add(name + ": random-looking value " + token);
			}
		}
		// ${VAR...} references (compose interpolation) stand for values supplied at run time.
		Matcher uri = URI_PASSWORD.matcher(text.replaceAll("\\$\\{[^}]*}", "VARIABLE_REFERENCE"));
		while (uri.find()) {
			if (!uri.group(1).equals("VARIABLE_REFERENCE") && !uri.group(1).matches("<[^>]+>")) {
				findings.add(name + ": password in URI " + uri.group());
			}
		}
		if (name.endsWith(".yaml") || name.endsWith(".yml")) {
			for (Object document : Repo.yamlNodes(text)) {
				if (document instanceof Map<?, ?> map && "Secret".equals(map.get("kind"))
						&& (map.containsKey("data") || map.containsKey("stringData"))) {
					findings.add(name + ": Secret " + Y.str(map, "metadata", "name") + " with values");
				}
				walk(document, name, findings);
			}
		}
		if (name.endsWith(".env") || name.endsWith(".env.example")) {
			for (String line : text.split("\n")) {
				int equals = line.indexOf('=');
				if (!line.startsWith("#") && equals > 0 && SECRET_NAME.matcher(line.substring(0, equals)).matches()
						&& !line.substring(equals + 1).isBlank()) {
					findings.add(name + ": " + line.substring(0, equals) + " has a value");
				}
			}
		}
		return findings;
	}

	private static void walk(Object node, String name, List<String> findings) {
		if (node instanceof Map<?, ?> map) {
			Object envName = map.get("name");
			if (envName != null && SECRET_NAME.matcher(String.valueOf(envName)).matches() && map.get("value") != null
					&& !isReference(map.get("value"))) {
				findings.add(name + ": " + envName + " set to a literal value");
			}
			map.forEach((key, value) -> {
				if (SECRET_NAME.matcher(String.valueOf(key)).matches() && (value instanceof String || value instanceof Number)
						&& !String.valueOf(value).isEmpty() && !isReference(value)) {
					findings.add(name + ": " + key + " set to a literal value");
				}
				walk(value, name, findings);
			});
		}
		else if (node instanceof List<?> list) {
			list.forEach((element) -> walk(element, name, findings));
		}
	}

	private static boolean isReference(Object value) {
		return String.valueOf(value).matches("\\$\\{[A-Z0-9_]+(:[?-][^}]*)?}");
	}

	/** Long identifiers made of words (kebab/snake/dotted names, paths), not random material. */
	private static boolean looksLikeAName(String token) {
		String[] words = token.split("[-_/.]");
		return words.length >= 3 && java.util.Arrays.stream(words).allMatch((word) -> word.length() <= 24);
	}

	private static boolean isText(String name) {
		return name.matches(".*\\.(ya?ml|json|sh|js|md|example|properties|env|txt|conf|xml)$")
				|| name.endsWith("Dockerfile.service") || name.endsWith(".dockerignore");
	}

}
