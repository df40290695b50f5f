package vn.govcomm.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.govcomm.deployment.KafkaAccess.Acl;

/**
 * What infra/docker/kafka/create-users-and-acls.sh does to the compose cluster: the script is run with
 * kafka-configs.sh and kafka-acls.sh replaced by stubs that record their arguments, and the calls are read back as
 * SCRAM users (with the password each got) and ACL bindings, the way the real tools would apply them.
 */
record ComposeKafkaInit(Map<String, String> scramPasswords, Map<String, Set<Acl>> granted) {

	static final String SCRIPT = "infra/docker/kafka/create-users-and-acls.sh";

	private static final Pattern SCRAM = Pattern.compile("SCRAM-SHA-512=\\[iterations=(\\d+),password=([^\\]]+)]");

	/** The variable the script reads a user's password from: SCRAM_PASSWORD_CAMPAIGN_SERVICE for campaign-service. */
	static String passwordVariable(String user) {
		return "SCRAM_PASSWORD_" + user.toUpperCase().replace('-', '_');
	}

	/** A password per service, as the kafka-init one-shot passes them. */
	static Map<String, String> passwords() {
		Map<String, String> environment = new HashMap<>();
		Platform.services().forEach((app) -> environment.put(passwordVariable(app.name()), "pw-" + app.name()));
		return environment;
	}

	static ComposeKafkaInit run(Path work) {
		return run(work, Repo.read(SCRIPT), passwords());
	}

	static ComposeKafkaInit run(Path work, String script, Map<String, String> passwords) {
		ExternalTool.Result result = execute(work, script, passwords);
		result.assertSuccess("create-users-and-acls.sh");
		return read(work.resolve("calls.txt"));
	}

	static ExternalTool.Result execute(Path work, String script, Map<String, String> passwords) {
		try {
			Path calls = work.resolve("calls.txt");
			Files.deleteIfExists(calls);
			Files.createFile(calls);
			Path scriptFile = work.resolve("create-users-and-acls.sh");
			Files.writeString(scriptFile, script);
			Map<String, String> environment = new HashMap<>(passwords);
			environment.put("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9094,kafka-2:9094,kafka-3:9094");
			environment.put("KAFKA_COMMAND_CONFIG", "/tmp/admin.properties");
			for (String tool : List.of("kafka-configs.sh", "kafka-acls.sh")) {
				Path stub = work.resolve(tool);
				Files.writeString(stub, "#!/usr/bin/env bash\nprintf '%s\\x1f' " + tool + " \"$@\" >> \"" + calls
						+ "\"\necho >> \"" + calls + "\"\n");
				Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
			environment.put("KAFKA_CONFIGS", work.resolve("kafka-configs.sh").toString());
			environment.put("KAFKA_ACLS", work.resolve("kafka-acls.sh").toString());
			return ExternalTool.execute(List.of("bash", scriptFile.toString()), work, environment);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ComposeKafkaInit read(Path calls) {
		Map<String, String> passwords = new TreeMap<>();
		Map<String, Set<Acl>> granted = new TreeMap<>();
		List<String> lines;
		try {
			lines = Files.readAllLines(calls);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (String line : lines) {
			if (line.isEmpty()) {
				continue;
			}
			List<String> args = List.of(line.split("\u001f"));
			require(args, "--bootstrap-server", "kafka-1:9094,kafka-2:9094,kafka-3:9094");
			require(args, "--command-config", "/tmp/admin.properties");
			switch (args.get(0)) {
				case "kafka-configs.sh" -> {
					require(args, "--entity-type", "users");
					if (!args.contains("--alter")) {
						throw new AssertionError("kafka-configs.sh without --alter: " + args);
					}
					Matcher scram = SCRAM.matcher(value(args, "--add-config"));
					if (!scram.matches() || Integer.parseInt(scram.group(1)) < 4096) {
						throw new AssertionError("not a SCRAM-SHA-512 credential of 4096+ iterations: " + args);
					}
					passwords.put(value(args, "--entity-name"), scram.group(2));
				}
				case "kafka-acls.sh" -> {
					if (args.contains("--list")) {
						continue;
					}
					for (Acl acl : acls(args)) {
						granted.computeIfAbsent(acl.user(), (user) -> new TreeSet<>()).add(acl);
					}
				}
				default -> throw new AssertionError("unexpected call " + args);
			}
		}
		passwords.keySet().forEach((user) -> granted.computeIfAbsent(user, (name) -> new TreeSet<>()));
		return new ComposeKafkaInit(passwords, granted);
	}

	/** The bindings one `kafka-acls.sh --add ...` creates (every principal x host x operation x resource). */
	private static List<Acl> acls(List<String> args) {
		if (!args.contains("--add")) {
			throw new AssertionError("kafka-acls.sh other than --add or --list: " + args);
		}
		for (String convenience : List.of("--producer", "--consumer", "--idempotent")) {
			if (args.contains(convenience)) {
				throw new AssertionError(convenience + " grants more than named (Create, cluster rights): " + args);
			}
		}
		String pattern = args.contains("--resource-pattern-type") ? value(args, "--resource-pattern-type") : "literal";
		List<String[]> resources = new ArrayList<>();
		values(args, "--topic").forEach((name) -> resources.add(new String[] { "TOPIC", name }));
		values(args, "--group").forEach((name) -> resources.add(new String[] { "GROUP", name }));
		values(args, "--transactional-id").forEach((name) -> resources.add(new String[] { "TRANSACTIONAL_ID", name }));
		if (args.contains("--cluster")) {
			resources.add(new String[] { "CLUSTER", "kafka-cluster" });
		}
		List<Acl> acls = new ArrayList<>();
		for (String permission : List.of("allow", "deny")) {
			List<String> hosts = values(args, "--" + permission + "-host");
			for (String principal : values(args, "--" + permission + "-principal")) {
				for (String host : hosts.isEmpty() ? List.of("*") : hosts) {
					for (String operation : values(args, "--operation")) {
						for (String[] resource : resources) {
							acls.add(new Acl(principal, resource[0], resource[1], KafkaAccess.kafkaEnum(pattern),
									KafkaAccess.kafkaEnum(operation), host, permission.toUpperCase()));
						}
					}
				}
			}
		}
		if (acls.isEmpty()) {
			throw new AssertionError("kafka-acls.sh --add that grants nothing: " + args);
		}
		return acls;
	}

	private static void require(List<String> args, String option, String expected) {
		if (!expected.equals(value(args, option))) {
			throw new AssertionError(option + " " + expected + " expected in " + args);
		}
	}

	private static String value(List<String> args, String option) {
		List<String> values = values(args, option);
		return values.isEmpty() ? null : values.get(0);
	}

	private static List<String> values(List<String> args, String option) {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < args.size() - 1; i++) {
			if (args.get(i).equals(option)) {
				values.add(args.get(i + 1));
			}
		}
		return values;
	}

}
