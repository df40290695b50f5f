package vn.govcomm.deployment;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import vn.govcomm.deployment.ContainerEnv.Value;
import vn.govcomm.deployment.Kustomize.Rendered;
import vn.govcomm.deployment.Platform.App;
import vn.govcomm.deployment.Repo.Y;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller token's keys (the gateway signs a short-lived ES256 token per request, every service verifies it):
 * only the gateway gets the private key, from a Secret; every service gets the public key set; no committed file
 * holds a private key; the gateway never runs the demo issuer in a deployment; and the documented generator
 * (infra/docker/caller-token/CallerTokenKeys.java) makes keys that the gateway's and services' library accepts,
 * including a rotation's two-key set.
 */
class CallerTokenKeyTests {

	static final List<String> TARGETS = Kustomize.TARGETS;

	static final List<String> OVERLAYS = Kustomize.OVERLAYS;

	static final String GENERATOR = "infra/docker/caller-token/CallerTokenKeys.java";

	@ParameterizedTest
	@FieldSource("TARGETS")
	void onlyTheGatewayGetsTheSigningKeyFromASecretAndEveryServiceThePublicKeys(String target) {
		Rendered rendered = Kustomize.render(target);
		Map<String, Map<String, Value>> env = new LinkedHashMap<>();
		Platform.APPS.forEach((app) -> env.put(app.name(), ContainerEnv.of(rendered, app)));
		assertThat(violations(env)).isEmpty();
	}

	@Test
	void aSigningKeyWrittenIntoTheManifestOrAServiceWithoutPublicKeysIsFound() {
		Rendered rendered = Kustomize.render("k8s/base");
		Map<String, Map<String, Value>> env = new LinkedHashMap<>();
		Platform.APPS.forEach((app) -> env.put(app.name(), new LinkedHashMap<>(ContainerEnv.of(rendered, app))));
		env.get("gateway").put("CALLER_TOKEN_SIGNING_KEY", Value.literal("{\"kty\":\"EC\"}"));
		env.get("led-adapter").remove("CALLER_TOKEN_PUBLIC_KEYS");
		env.get("zalo-adapter").put("CALLER_TOKEN_SIGNING_KEY", Value.secret("gateway-caller-token-key",
				"CALLER_TOKEN_SIGNING_KEY"));
		assertThat(violations(env)).containsExactlyInAnyOrder(
				"gateway: CALLER_TOKEN_SIGNING_KEY must come from a Secret (secretKeyRef, not optional), not {\"kty\":\"EC\"}",
				"zalo-adapter holds the gateway's signing key (CALLER_TOKEN_SIGNING_KEY)",
				"led-adapter: no CALLER_TOKEN_PUBLIC_KEYS");
	}

	@ParameterizedTest
	@FieldSource("TARGETS")
	void theGatewayNeverRunsTheDemoIssuer(String target) {
		Rendered rendered = Kustomize.render(target);
		for (App app : Platform.APPS) {
			Map<String, Value> env = ContainerEnv.of(rendered, app);
			assertThat(demoIssuerSettings(env.keySet(), env)).as(app.name()).isEmpty();
		}
	}

	@Test
	void noKubernetesManifestOrComposeServiceEnablesTheDemoIssuer() {
		List<String> findings = new ArrayList<>();
		for (Path file : Repo.files("k8s")) {
			String name = Repo.relative(file);
			if (name.endsWith(".yaml") || name.endsWith(".yml")) {
				// Parsed, so comments (which may name the variable to forbid it) do not count.
				Repo.yamlNodes(Repo.read(file)).forEach((document) -> walk(document, name, findings));
			}
		}
		Map<String, Object> services = Y.mapAt(Repo.yaml("infra/compose.yaml"), "services");
		services.forEach((service, definition) -> walk(Y.at(definition, "environment"), "compose " + service, findings));
		assertThat(findings).isEmpty();

		// ... and the scan finds the variable where it would be set.
		List<String> planted = new ArrayList<>();
		walk(Repo.yamlNodes("configMapGenerator:\n  - name: gateway-config\n    literals:\n"
				+ "      - GOVCOMM_LOCAL_ISSUER=true\n").get(0), "overlay", planted);
		walk(Map.of("GOVCOMM_SECURITY_LOCAL_ISSUER_ENABLED", "true"), "compose gateway", planted);
		assertThat(planted).hasSize(2);
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void overlaysGiveTheGatewayItsTokenAudienceAndOnlyTheIngressAsTrustedProxy(String target) throws Exception {
		Rendered rendered = Kustomize.render(target);
		Map<String, Value> gateway = ContainerEnv.of(rendered, Platform.app("gateway"));
		assertThat(gateway.get("OIDC_ISSUER_URI").literal()).startsWith("https://");
		assertThat(gateway.get("OIDC_AUDIENCE").literal()).isNotBlank();
		String proxies = gateway.get("TRUSTED_PROXIES").literal();
		assertThat(proxies).isNotBlank();
		for (String cidr : proxies.split(",")) {
			String[] parts = cidr.strip().split("/");
			assertThat(parts).as(cidr).hasSize(2);
			assertThat(parts[0]).as("%s: an address, not a name", cidr).matches("[0-9a-fA-F:.]+");
			assertThat(InetAddress.getByName(parts[0])).as(cidr).isNotNull();
			int prefix = Integer.parseInt(parts[1]);
			assertThat(prefix).as("%s: a trusted proxy range, not the world", cidr).isBetween(8, 128);
		}
	}

	@Test
	void composeTakesTheKeysFromRequiredVariables() {
		Map<String, Object> services = Y.mapAt(Repo.yaml("infra/compose.yaml"), "services");
		for (App app : Platform.APPS) {
			Map<String, Object> env = Y.mapAt(services, app.name(), "environment");
			if (app.usesKafkaAndMongo()) {
				assertThat(String.valueOf(env.get("CALLER_TOKEN_PUBLIC_KEYS"))).as(app.name())
					.startsWith("${CALLER_TOKEN_PUBLIC_KEYS:?");
				assertThat(env).as(app.name()).doesNotContainKey("CALLER_TOKEN_SIGNING_KEY");
			}
			else {
				assertThat(String.valueOf(env.get("CALLER_TOKEN_SIGNING_KEY"))).startsWith("${CALLER_TOKEN_SIGNING_KEY:?");
			}
		}
		assertThat(ComposeFileTests.envExample()).containsEntry("CALLER_TOKEN_SIGNING_KEY", "")
			.containsEntry("CALLER_TOKEN_PUBLIC_KEYS", "");
	}

	@Test
	void committedPublicKeySetsAreJwkSetsWithoutPrivateKeys() throws Exception {
		List<Path> sets = Repo.files("k8s").stream()
			.filter((file) -> file.getFileName().toString().startsWith("caller-token-public-keys"))
			.toList();
		assertThat(sets).extracting(Repo::relative).contains("k8s/base/caller-token-public-keys.jwks.json",
				"k8s/overlays/staging/caller-token-public-keys.jwks.json",
				"k8s/overlays/production/caller-token-public-keys.jwks.json");
		for (Path file : sets) {
			String json = Repo.read(file);
			assertThat(json).as(Repo.relative(file)).doesNotContain("\"d\"");
			for (JWK key : JWKSet.parse(json).getKeys()) {
				assertThat(key.isPrivate()).as(Repo.relative(file)).isFalse();
				assertThat(key).isInstanceOf(ECKey.class);
				assertThat(((ECKey) key).getCurve()).isEqualTo(Curve.P_256);
			}
		}
	}

	@Test
	void theGeneratorsKeysSignTokensTheServicesKeySetVerifiesAcrossARotation(@TempDir Path work) throws Exception {
		String oldKid = generator(work, "new", work.resolve("keys").toString()).strip();
		String newKid = generator(work, "new", work.resolve("keys").toString()).strip();
		Path oldPrivate = work.resolve("keys/" + oldKid + ".private.jwk.json");
		Path newPrivate = work.resolve("keys/" + newKid + ".private.jwk.json");
		assertThat(Files.getPosixFilePermissions(newPrivate)).as("the private key is readable by its owner only")
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

		ECKey signing = ECKey.parse(Files.readString(newPrivate));
		assertThat(signing.isPrivate()).isTrue();
		assertThat(signing.getCurve()).isEqualTo(Curve.P_256);
		assertThat(signing.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(signing.getKeyID()).isEqualTo(newKid);

		// During a rotation the services' set holds the old and the new public key.
		JWKSet rotation = JWKSet.parse(generator(work, "jwks", work.resolve("keys/" + oldKid + ".public.jwk.json").toString(),
				work.resolve("keys/" + newKid + ".public.jwk.json").toString()));
		assertThat(rotation.getKeys()).extracting(JWK::getKeyID).containsExactly(oldKid, newKid);
		assertThat(rotation.getKeys()).noneMatch(JWK::isPrivate);
		for (Path privateKey : List.of(oldPrivate, newPrivate)) {
			ECKey key = ECKey.parse(Files.readString(privateKey));
			SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
					new JWTClaimsSet.Builder().issuer("govcomm-gateway").audience("campaign-service")
						.expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
			token.sign(new ECDSASigner(key));
			ECKey verifying = (ECKey) rotation.getKeyByKeyId(token.getHeader().getKeyID());
			assertThat(SignedJWT.parse(token.serialize()).verify(new ECDSAVerifier(verifying))).isTrue();
		}

		ExternalTool.Result refused = ExternalTool.execute(List.of(java(), Repo.path(GENERATOR).toString(), "jwks",
				newPrivate.toString()), work, Map.of());
		assertThat(refused.exitCode()).isNotZero();
		assertThat(refused.output()).contains("PRIVATE key");
	}

	// ---- checks and helpers --------------------------------------------------------------------------------------

	/** Everything wrong with who gets which caller-token key, by app name → its container environment. */
	static List<String> violations(Map<String, Map<String, Value>> envByApp) {
		List<String> violations = new ArrayList<>();
		Set<String> publicKeySources = new TreeSet<>();
		envByApp.forEach((app, env) -> {
			Value signing = env.get("CALLER_TOKEN_SIGNING_KEY");
			Value publicKeys = env.get("CALLER_TOKEN_PUBLIC_KEYS");
			if (app.equals("gateway")) {
				if (signing == null || !signing.fromSecret() || signing.optional()) {
					violations.add("gateway: CALLER_TOKEN_SIGNING_KEY must come from a Secret (secretKeyRef, not optional), "
							+ "not " + signing);
				}
				return;
			}
			if (signing != null) {
				violations.add(app + " holds the gateway's signing key (CALLER_TOKEN_SIGNING_KEY)");
			}
			if (publicKeys == null) {
				violations.add(app + ": no CALLER_TOKEN_PUBLIC_KEYS");
				return;
			}
			if (!publicKeys.fromSecret() && !publicKeys.fromConfigMap()) {
				violations.add(app + ": CALLER_TOKEN_PUBLIC_KEYS written into the Deployment instead of a ConfigMap or Secret");
			}
			if (publicKeys.optional()) {
				violations.add(app + ": CALLER_TOKEN_PUBLIC_KEYS is optional");
			}
			if (publicKeys.literal() != null && publicKeys.literal().contains("\"d\"")) {
				violations.add(app + ": CALLER_TOKEN_PUBLIC_KEYS holds a private key");
			}
			publicKeySources.add(publicKeys.fromSecret() ? "Secret " + publicKeys.secretName() + "/" + publicKeys.secretKey()
					: "ConfigMap " + publicKeys.configMapName() + "/" + publicKeys.configMapKey());
		});
		if (publicKeySources.size() > 1) {
			violations.add("the services verify caller tokens against different key sets: " + publicKeySources);
		}
		return violations;
	}

	/** Variables that would switch the gateway's built-in demo issuer on (or configure it). */
	static List<String> demoIssuerSettings(Set<String> names, Map<String, ?> values) {
		List<String> findings = new ArrayList<>();
		for (String name : names) {
			String normalized = name.toUpperCase().replace("-", "").replace(".", "_");
			if (normalized.startsWith("GOVCOMM_LOCAL_ISSUER") || normalized.startsWith("GOVCOMM_SECURITY_LOCAL_ISSUER")
					|| normalized.startsWith("GOVCOMM_SECURITY_LOCALISSUER")) {
				findings.add(name);
			}
			if (normalized.equals("SPRING_APPLICATION_JSON") && String.valueOf(values.get(name)).contains("local-issuer")) {
				findings.add(name);
			}
		}
		return findings;
	}

	private static void walk(Object node, String where, List<String> findings) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> values = new HashMap<>();
			map.forEach((key, value) -> values.put(String.valueOf(key), value));
			demoIssuerSettings(values.keySet(), values).forEach((name) -> findings.add(where + ": " + name));
			if (map.get("name") != null && map.containsKey("value")) { // a container env entry
				demoIssuerSettings(Set.of(String.valueOf(map.get("name"))), Map.of())
					.forEach((name) -> findings.add(where + ": " + name));
			}
			map.values().forEach((value) -> walk(value, where, findings));
		}
		else if (node instanceof List<?> list) {
			list.forEach((element) -> walk(element, where, findings));
		}
		else if (node instanceof String text && text.contains("=")) { // a configMapGenerator literal KEY=value
			demoIssuerSettings(Set.of(text.substring(0, text.indexOf('='))), Map.of())
				.forEach((name) -> findings.add(where + ": " + name));
		}
	}

	private static String generator(Path work, String... arguments) {
		List<String> command = new ArrayList<>(List.of(java(), Repo.path(GENERATOR).toString()));
		command.addAll(List.of(arguments));
		return ExternalTool.execute(command, work, Map.of()).assertSuccess("CallerTokenKeys " + arguments[0]).output();
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
