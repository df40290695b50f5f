import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys of the caller token (the gateway signs one per request, ES256; every service verifies it). JDK only, run as
 * a source file, no build needed:
 *
 * <pre>
 * java infra/docker/caller-token/CallerTokenKeys.java new &lt;dir&gt;
 *     a fresh EC P-256 key pair: &lt;dir&gt;/&lt;kid&gt;.private.jwk.json (owner-only; the gateway's
 *     CALLER_TOKEN_SIGNING_KEY) and &lt;dir&gt;/&lt;kid&gt;.public.jwk.json; prints the kid
 * java infra/docker/caller-token/CallerTokenKeys.java jwks &lt;public.jwk.json&gt;...
 *     prints the JWK Set of these public keys (the services' CALLER_TOKEN_PUBLIC_KEYS); during a rotation, name the
 *     old and the new key. Refuses a private key.
 * </pre>
 *
 * See infra/README.md ("Caller-token keys") for where the files go and the rotation steps.
 */
public class CallerTokenKeys {

	private static final Pattern MEMBER = Pattern.compile("\"([a-z]+)\"\\s*:\\s*\"([^\"]*)\"");

	public static void main(String[] args) throws Exception {
		if (args.length >= 2 && args[0].equals("new")) {
			generate(Path.of(args[1]));
		}
		else if (args.length >= 2 && args[0].equals("jwks")) {
			List<String> keys = new ArrayList<>();
			List<String> kids = new ArrayList<>();
			for (int i = 1; i < args.length; i++) {
				Map<String, String> key = parse(Files.readString(Path.of(args[i])), args[i]);
				if (key.containsKey("d")) {
					fail(args[i] + " is a PRIVATE key: a key set for the services holds public keys only");
				}
				if (!kids.contains(key.get("kid"))) {
					kids.add(key.get("kid"));
					keys.add(json(key));
				}
			}
			System.out.println("{\"keys\":[" + String.join(",", keys) + "]}");
		}
		else {
			fail("usage: java CallerTokenKeys.java new <dir> | jwks <public.jwk.json>...");
		}
	}

	private static void generate(Path directory) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		var pair = generator.generateKeyPair();
		ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
		ECPrivateKey privateKey = (ECPrivateKey) pair.getPrivate();
		String kid = UUID.randomUUID().toString();
		Map<String, String> key = new LinkedHashMap<>();
		key.put("kty", "EC");
		key.put("crv", "P-256");
		key.put("kid", kid);
		key.put("use", "sig");
		key.put("alg", "ES256");
		key.put("x", base64Url(publicKey.getW().getAffineX()));
		key.put("y", base64Url(publicKey.getW().getAffineY()));
		String publicJson = json(key);
		key.put("d", base64Url(privateKey.getS()));
		String privateJson = json(key);

		Files.createDirectories(directory);
		Path privateFile = directory.resolve(kid + ".private.jwk.json");
		Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(privateFile, privateJson + "\n");
		Files.writeString(directory.resolve(kid + ".public.jwk.json"), publicJson + "\n");
		System.out.println(kid);
	}

	/** A coordinate or the private scalar: 32 bytes, big-endian, unsigned, base64url without padding (RFC 7518). */
	private static String base64Url(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
	}

	private static String json(Map<String, String> members) {
		List<String> pairs = new ArrayList<>();
		members.forEach((name, value) -> pairs.add("\"" + name + "\":\"" + value + "\""));
		return "{" + String.join(",", pairs) + "}";
	}

	/** A flat JWK object as this program writes it (string members only). */
	private static Map<String, String> parse(String text, String file) {
		String trimmed = text.strip();
		if (!trimmed.startsWith("{") || !trimmed.endsWith("}") || trimmed.contains("\"keys\"")) {
			fail(file + " is not a single JWK as written by 'new'");
		}
		Map<String, String> members = new LinkedHashMap<>();
		Matcher member = MEMBER.matcher(trimmed);
		while (member.find()) {
			members.put(member.group(1), member.group(2));
		}
		if (!"EC".equals(members.get("kty")) || !"P-256".equals(members.get("crv")) || members.get("kid") == null
				|| members.get("x") == null || members.get("y") == null) {
			fail(file + " is not an EC P-256 JWK with a kid");
		}
		return members;
	}

	private static void fail(String message) {
		System.err.println(message);
		System.exit(2);
	}

}
