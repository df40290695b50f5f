package vn.govcomm.deployment;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.expression.ParserContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import vn.govcomm.deployment.Platform.App;
import vn.govcomm.deployment.Repo.Y;

/**
 * The topics each service consumes and under which consumer group: its {@code @KafkaListener} annotations, read from
 * services/&lt;service&gt;/src/main/java (the AsyncAPI document describes sends only). Values are string literals,
 * {@code ${property:default}} placeholders, String constants of the contracts module, the one home of the wire
 * ({@code EventTypes.TOPIC_CAMPAIGN_EVENTS}), and for topics a SpEL expression over the contracts classes only
 * ({@code "#{T(vn.govcomm.contracts.EventTypes).deliveryStatusTopics()}"}): both are evaluated with the contracts
 * classes the services are built against. A String constant of a service-kit class the file imports (the adapters'
 * {@code ChannelAdapter.REQUESTS_TOPIC}) is read from the kit's source and then treated like a literal. A listener the reader cannot resolve (a topic pattern, another class's
 * constant or method, a nested placeholder) fails loudly: its ACLs would have to be derived by hand, and this reader
 * taught.
 */
final class ServiceListeners {

	/** One listener: the group it joins and the topics it reads. */
	record Listener(String service, String group, List<String> topics, String file) {
	}

	private static final Pattern ANNOTATION = Pattern.compile("@KafkaListener\\s*\\(");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");

	static final String CONTRACTS_PACKAGE = "vn.govcomm.contracts";

	static final String KIT_PACKAGE = "vn.govcomm.kit";

	private static final Pattern KIT_IMPORT = Pattern
		.compile("(?m)^\\s*import\\s+" + Pattern.quote(KIT_PACKAGE) + "\\.([a-z.]+)\\.([A-Z][A-Za-z0-9_]*)\\s*;");

	private static final Pattern CONTRACTS_IMPORT = Pattern
		.compile("(?m)^\\s*import\\s+" + Pattern.quote(CONTRACTS_PACKAGE) + "\\.([A-Z][A-Za-z0-9_]*)\\s*;");

	/** Type.NAME or vn.govcomm.contracts.Type.NAME. */
	private static final Pattern CONSTANT = Pattern
		.compile("(" + Pattern.quote(CONTRACTS_PACKAGE + ".") + ")?([A-Z][A-Za-z0-9_]*)\\.([A-Za-z_][A-Za-z0-9_]*)");

	private ServiceListeners() {
	}

	/** Service name → its listeners, for every platform service (an empty list for one that consumes nothing). */
	static Map<String, List<Listener>> read() {
		Map<String, List<Listener>> listeners = new LinkedHashMap<>();
		for (App app : Platform.services()) {
			Map<String, Object> configuration = configuration(app.name());
			List<Listener> found = new ArrayList<>();
			for (Path file : javaSources("services/" + app.name() + "/src/main/java")) {
				found.addAll(parse(app.name(), Repo.relative(file), Repo.read(file), configuration));
			}
			listeners.put(app.name(), List.copyOf(found));
		}
		return listeners;
	}

	/** Listeners in shared code would consume for every service: there must be none. */
	static List<String> sharedListenerFiles() {
		List<String> files = new ArrayList<>();
		for (String shared : List.of("services/service-kit/src/main/java", "services/caller-identity/src/main/java",
				"gateway/src/main/java")) {
			for (Path file : javaSources(shared)) {
				if (ANNOTATION.matcher(withoutComments(Repo.read(file))).find()) {
					files.add(Repo.relative(file));
				}
			}
		}
		return files;
	}

	static List<Listener> parse(String service, String file, String source, Map<String, Object> configuration) {
		String code = withoutComments(source);
		Contracts constants = new Contracts(importedContracts(code), importedKit(code));
		List<Listener> listeners = new ArrayList<>();
		Matcher annotation = ANNOTATION.matcher(code);
		while (annotation.find()) {
			String arguments = balanced(code, annotation.end() - 1);
			Map<String, String> attributes = attributes(arguments, file);
			for (String unsupported : List.of("topicPattern", "topicPartitions")) {
				if (attributes.containsKey(unsupported)) {
					throw new AssertionError(file + ": @KafkaListener(" + unsupported + " = ...) is not understood by "
							+ "ServiceListeners; derive this listener's ACLs by hand and teach the reader");
				}
			}
			List<String> topics = strings(attributes.get("topics"), constants, file);
			if (topics.isEmpty()) {
				throw new AssertionError(file + ": @KafkaListener without literal topics: " + arguments);
			}
			String group = groupOf(attributes, constants, configuration, file);
			listeners.add(new Listener(service, group,
					topics.stream().map((topic) -> resolve(topic, configuration, file)).toList(), file));
		}
		return listeners;
	}

	private static String groupOf(Map<String, String> attributes, Contracts constants,
			Map<String, Object> configuration, String file) {
		if (attributes.containsKey("groupId")) {
			return resolve(single(attributes.get("groupId"), constants, file), configuration, file);
		}
		// Spring Kafka: without groupId, the listener's id is its group (idIsGroup defaults to true) ...
		if (attributes.containsKey("id") && !"false".equals(attributes.get("idIsGroup"))) {
			return resolve(single(attributes.get("id"), constants, file), configuration, file);
		}
		// ... and without either, the consumer factory's group.id.
		String group = Y.str(Y.at(configuration, "spring", "kafka", "consumer", "group-id"));
		if (group == null) {
			throw new AssertionError(file + ": a @KafkaListener without groupId in a service without "
					+ "spring.kafka.consumer.group-id");
		}
		return group;
	}

	/** ${property:default} as Spring would resolve it with the service's own configuration file. */
	static String resolve(String value, Map<String, Object> configuration, String file) {
		Matcher placeholder = PLACEHOLDER.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (placeholder.find()) {
			Object configured = Y.at(configuration, placeholder.group(1).split("\\."));
			String replacement = (configured != null) ? String.valueOf(configured) : placeholder.group(2);
			if (replacement == null || replacement.contains("${")) {
				throw new AssertionError(file + ": cannot resolve " + placeholder.group() + " in " + value);
			}
			placeholder.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
		}
		placeholder.appendTail(resolved);
		return resolved.toString();
	}

	private static Map<String, Object> configuration(String service) {
		Map<String, Object> merged = new LinkedHashMap<>();
		for (String name : List.of(service + ".yml", "application.yml")) {
			Path file = Repo.path("services/" + service + "/src/main/resources/" + name);
			if (Files.isRegularFile(file)) {
				Repo.yamlDocuments(Repo.read(file)).forEach(merged::putAll);
			}
		}
		return merged;
	}

	private static List<Path> javaSources(String directory) {
		if (!Files.isDirectory(Repo.path(directory))) {
			return List.of();
		}
		return Repo.files(directory).stream().filter((file) -> file.toString().endsWith(".java")).toList();
	}

	/** The text between the parenthesis at {@code open} and its match, skipping string literals. */
	private static String balanced(String code, int open) {
		int depth = 0;
		boolean inString = false;
		for (int i = open; i < code.length(); i++) {
			char c = code.charAt(i);
			if (inString) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (c == '"') {
				inString = true;
			}
			else if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth == 0) {
				return code.substring(open + 1, i);
			}
		}
		throw new AssertionError("unbalanced @KafkaListener(...)");
	}

	/** name = value pairs at the top level of the annotation's arguments. */
	private static Map<String, String> attributes(String arguments, String file) {
		Map<String, String> attributes = new LinkedHashMap<>();
		int depth = 0;
		boolean inString = false;
		int start = 0;
		List<String> parts = new ArrayList<>();
		for (int i = 0; i < arguments.length(); i++) {
			char c = arguments.charAt(i);
			if (inString) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (c == '"') {
				inString = true;
			}
			else if (c == '{' || c == '(') {
				depth++;
			}
			else if (c == '}' || c == ')') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				parts.add(arguments.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(arguments.substring(start));
		for (String part : parts) {
			if (part.isBlank()) {
				continue;
			}
			int equals = part.indexOf('=');
			if (equals < 0) {
				attributes.put("topics", part.strip()); // @KafkaListener("topic"): value is an alias of topics
				continue;
			}
			String name = part.substring(0, equals).strip();
			attributes.put(name.equals("value") ? "topics" : name, part.substring(equals + 1).strip());
		}
		if (attributes.isEmpty()) {
			throw new AssertionError(file + ": @KafkaListener() without attributes");
		}
		return attributes;
	}

	/** "a", {"a", B.C} or "#{...}": literals, contracts constants, SpEL over the contracts; anything else fails. */
	private static List<String> strings(String expression, Contracts constants, String file) {
		if (expression == null) {
			return List.of();
		}
		String body = expression.strip();
		if (body.startsWith("{") && body.endsWith("}")) {
			body = body.substring(1, body.length() - 1);
		}
		List<String> values = new ArrayList<>();
		for (String element : topLevel(body)) {
			String literal = element.strip();
			Optional<String> kit = constants.kitConstant(literal);
			if (kit.isPresent()) {
				literal = "\"" + kit.get() + "\"";
			}
			if (literal.startsWith("\"#{") && literal.endsWith("}\"")) {
				values.addAll(constants.evaluate(literal.substring(1, literal.length() - 1), file));
			}
			else if (!literal.isEmpty()) {
				values.add(single(literal, constants, file));
			}
		}
		return values;
	}

	/** The comma-separated elements of an array initializer, commas inside string literals kept. */
	private static List<String> topLevel(String body) {
		List<String> elements = new ArrayList<>();
		boolean inString = false;
		int start = 0;
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			if (inString && c == '\\') {
				i++;
			}
			else if (c == '"') {
				inString = !inString;
			}
			else if (c == ',' && !inString) {
				elements.add(body.substring(start, i));
				start = i + 1;
			}
		}
		elements.add(body.substring(start));
		return elements;
	}

	private static String single(String expression, Contracts constants, String file) {
		String literal = expression.strip();
		Optional<String> constant = constants.constant(literal);
		if (constant.isPresent()) {
			return constant.get();
		}
		if (!literal.matches("\"[^\"\\\\#]*\"")) {
			throw new AssertionError(file + ": @KafkaListener attribute is neither a string literal nor a String constant "
					+ "of " + CONTRACTS_PACKAGE + ": " + literal + " (ServiceListeners reads literals, contracts constants, "
					+ "${property:default} placeholders and, for topics, #{...} over the contracts classes only)");
		}
		return literal.substring(1, literal.length() - 1);
	}

	private static List<String> importedContracts(String code) {
		List<String> imported = new ArrayList<>();
		Matcher imports = CONTRACTS_IMPORT.matcher(code);
		while (imports.find()) {
			imported.add(imports.group(1));
		}
		return imported;
	}

	/** Simple name → source file of the service-kit classes the file imports. */
	private static Map<String, String> importedKit(String code) {
		Map<String, String> imported = new LinkedHashMap<>();
		Matcher imports = KIT_IMPORT.matcher(code);
		while (imports.find()) {
			imported.put(imports.group(2), "services/service-kit/src/main/java/" + (KIT_PACKAGE + "." + imports.group(1))
				.replace('.', '/') + "/" + imports.group(2) + ".java");
		}
		return imported;
	}

	/**
	 * The contracts classes a listener's file may name: simple names for those it imports, qualified names for all;
	 * and the service-kit classes it imports.
	 */
	record Contracts(List<String> imported, Map<String, String> kitSources) {

		/** The literal value of a String constant of an imported service-kit class ({@code Type.NAME}), read from source. */
		Optional<String> kitConstant(String expression) {
			Matcher constant = Pattern.compile("([A-Z][A-Za-z0-9_]*)\\.([A-Z][A-Z0-9_]*)").matcher(expression);
			if (!constant.matches() || !this.kitSources.containsKey(constant.group(1))) {
				return Optional.empty();
			}
			String source = withoutComments(Repo.read(Repo.path(this.kitSources.get(constant.group(1)))));
			Matcher declaration = Pattern.compile("\\bString\\s+" + constant.group(2) + "\\s*=\\s*\"([^\"\\\\]*)\"\\s*;")
				.matcher(source);
			if (!declaration.find()) {
				throw new AssertionError(expression + ": not a String literal constant of " + this.kitSources.get(constant.group(1)));
			}
			return Optional.of(declaration.group(1));
		}

		/** The value of a String constant of a contracts class, if the expression names one. */
		Optional<String> constant(String expression) {
			Matcher constant = CONSTANT.matcher(expression);
			if (!constant.matches() || (constant.group(1) == null && !this.imported.contains(constant.group(2)))) {
				return Optional.empty();
			}
			try {
				Field field = contractsClass(CONTRACTS_PACKAGE + "." + constant.group(2)).getField(constant.group(3));
				if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
					return Optional.empty();
				}
				return Optional.of((String) field.get(null));
			}
			catch (NoSuchFieldException | IllegalAccessException ex) {
				return Optional.empty();
			}
		}

		/**
		 * A topics expression as Spring Kafka evaluates it ("#{...}": a String, an array or a collection of them), with
		 * T(...) resolving classes of the contracts package only: a service's own helper could compute anything.
		 */
		List<String> evaluate(String template, String file) {
			StandardEvaluationContext context = new StandardEvaluationContext();
			context.setTypeLocator((name) -> {
				if (!name.startsWith(CONTRACTS_PACKAGE + ".")) {
					throw new AssertionError(file + ": @KafkaListener topics expression " + template + " uses T(" + name
							+ "); ServiceListeners evaluates the classes of " + CONTRACTS_PACKAGE + " only");
				}
				return contractsClass(name);
			});
			Object value = new SpelExpressionParser().parseExpression(template, ParserContext.TEMPLATE_EXPRESSION)
				.getValue(context);
			List<String> topics = new ArrayList<>();
			if (value instanceof String topic) {
				topics.add(topic);
			}
			else if (value instanceof Object[] array) {
				Arrays.stream(array).forEach((topic) -> topics.add(String.valueOf(topic)));
			}
			else if (value instanceof Collection<?> collection) {
				collection.forEach((topic) -> topics.add(String.valueOf(topic)));
			}
			else {
				throw new AssertionError(file + ": " + template + " is " + value + ", not topics");
			}
			return topics;
		}

		private static Class<?> contractsClass(String name) {
			try {
				return Class.forName(name);
			}
			catch (ClassNotFoundException ex) {
				throw new AssertionError("no class " + name + " in the contracts module", ex);
			}
		}
	}

	/** Java source without its comments (Javadoc may quote an annotation); string contents are kept. */
	static String withoutComments(String source) {
		StringBuilder code = new StringBuilder(source.length());
		int i = 0;
		while (i < source.length()) {
			char c = source.charAt(i);
			if (source.startsWith("\"\"\"", i)) {
				int end = source.indexOf("\"\"\"", i + 3);
				end = (end < 0) ? source.length() : end + 3;
				code.append(source, i, end);
				i = end;
			}
			else if (c == '"' || c == '\'') {
				int end = i + 1;
				while (end < source.length() && source.charAt(end) != c) {
					end += (source.charAt(end) == '\\') ? 2 : 1;
				}
				code.append(source, i, Math.min(end + 1, source.length()));
				i = end + 1;
			}
			else if (source.startsWith("/*", i)) {
				int end = source.indexOf("*/", i + 2);
				i = (end < 0) ? source.length() : end + 2;
				code.append(' ');
			}
			else if (source.startsWith("//", i)) {
				int end = source.indexOf('\n', i);
				i = (end < 0) ? source.length() : end;
			}
			else {
				code.append(c);
				i++;
			}
		}
		return code.toString();
	}

}
