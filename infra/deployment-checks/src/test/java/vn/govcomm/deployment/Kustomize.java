package vn.govcomm.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import vn.govcomm.deployment.Repo.Y;

/** Renders a kustomization with `kubectl kustomize` (or a standalone `kustomize build`), once per directory. */
final class Kustomize {

	static final List<String> TARGETS = List.of("k8s/base", "k8s/overlays/staging", "k8s/overlays/production");

	static final List<String> OVERLAYS = List.of("k8s/overlays/staging", "k8s/overlays/production");

	private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

	private Kustomize() {
	}

	static Rendered render(String directory) {
		ExternalTool tool = ExternalTool.require("a kustomize renderer",
				List.of(List.of("kubectl", "kustomize"), List.of("kustomize", "build")));
		return CACHE.computeIfAbsent(directory, (dir) -> {
			String yaml = tool.run(Repo.ROOT, Map.of(), dir).assertSuccess(tool + " " + dir).output();
			return new Rendered(dir, Repo.yamlDocuments(yaml));
		});
	}

	/** The documents a kustomization renders to. */
	record Rendered(String directory, List<Map<String, Object>> documents) {

		List<Map<String, Object>> ofKind(String kind) {
			return this.documents.stream().filter((doc) -> kind.equals(doc.get("kind"))).toList();
		}

		Map<String, Object> named(String kind, String name) {
			return ofKind(kind).stream()
				.filter((doc) -> name.equals(Y.str(doc, "metadata", "name")))
				.findFirst()
				.orElseThrow(() -> new AssertionError(this.directory + " renders no " + kind + " named " + name));
		}

		/** A generated ConfigMap by its generator name (the rendered name has a hash suffix). */
		Map<String, Object> configMap(String renderedName) {
			return named("ConfigMap", renderedName);
		}

		List<String> names(String kind) {
			List<String> names = new ArrayList<>();
			for (Map<String, Object> doc : ofKind(kind)) {
				names.add(Objects.requireNonNull(Y.str(doc, "metadata", "name")));
			}
			return names;
		}

		@Override
		public String toString() {
			return this.directory;
		}
	}

}
