package vn.govcomm.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository's files, read as the deployment tools would read them. */
final class Repo {

	static final Path ROOT = Path.of(System.getProperty("repo.root", "../..")).toAbsolutePath().normalize();

	private Repo() {
	}

	static Path path(String relative) {
		return ROOT.resolve(relative);
	}

	static String read(String relative) {
		return read(path(relative));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One YAML document (SnakeYAML resolves anchors and merge keys, as compose does). */
	static Map<String, Object> yaml(String relative) {
		return Y.map(newYaml().load(read(relative)));
	}

	/** Every non-empty document of a multi-document YAML text. */
	static List<Map<String, Object>> yamlDocuments(String text) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : newYaml().loadAll(text)) {
			if (document != null) {
				documents.add(Y.map(document));
			}
		}
		return documents;
	}

	/** Every non-empty document of a multi-document YAML text, whatever its shape (patch files are lists). */
	static List<Object> yamlNodes(String text) {
		List<Object> documents = new ArrayList<>();
		for (Object document : newYaml().loadAll(text)) {
			if (document != null) {
				documents.add(document);
			}
		}
		return documents;
	}

	static List<Path> files(String relativeDirectory) {
		try (Stream<Path> walk = Files.walk(path(relativeDirectory))) {
			return walk.filter(Files::isRegularFile)
				.filter((file) -> !ROOT.relativize(file).toString().startsWith("infra/deployment-checks/target"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String relative(Path file) {
		return ROOT.relativize(file.toAbsolutePath().normalize()).toString();
	}

	private static Yaml newYaml() {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		return new Yaml(new SafeConstructor(options));
	}

	/** Small helpers to walk parsed YAML/JSON trees. */
	static final class Y {

		private Y() {
		}

		@SuppressWarnings("unchecked")
		static Map<String, Object> map(Object value) {
			if (!(value instanceof Map<?, ?>)) {
				throw new AssertionError("expected a mapping but got " + value);
			}
			return (Map<String, Object>) value;
		}

		@SuppressWarnings("unchecked")
		static List<Object> list(Object value) {
			if (value == null) {
				return List.of();
			}
			if (!(value instanceof List<?>)) {
				throw new AssertionError("expected a sequence but got " + value);
			}
			return (List<Object>) value;
		}

		static List<Map<String, Object>> maps(Object value) {
			return list(value).stream().map(Y::map).toList();
		}

		/** Follows keys; a missing key gives null. */
		static Object at(Object root, String... keys) {
			Object current = root;
			for (String key : keys) {
				if (!(current instanceof Map<?, ?> map)) {
					return null;
				}
				current = map.get(key);
			}
			return current;
		}

		static Map<String, Object> mapAt(Object root, String... keys) {
			Object value = at(root, keys);
			return (value != null) ? map(value) : Map.of();
		}

		static String str(Object root, String... keys) {
			Object value = at(root, keys);
			return (value != null) ? Objects.toString(value) : null;
		}

	}

}
