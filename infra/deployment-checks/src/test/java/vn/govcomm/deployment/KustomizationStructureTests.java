package vn.govcomm.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import vn.govcomm.deployment.Platform.App;
import vn.govcomm.deployment.Repo.Y;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kustomization files themselves, without a renderer: every file they name exists, the overlays build on the
 * base, and no manifest under k8s/base is left out of the build.
 */
class KustomizationStructureTests {

	@Test
	void everyPathAKustomizationNamesExists() {
		List<Path> kustomizations = kustomizations();
		assertThat(kustomizations).extracting(Repo::relative)
			.contains("k8s/base/kustomization.yaml", "k8s/overlays/staging/kustomization.yaml",
					"k8s/overlays/production/kustomization.yaml");
		for (Path kustomization : kustomizations) {
			Path directory = kustomization.getParent();
			Map<String, Object> content = Repo.yaml(Repo.relative(kustomization));
			assertThat(content).containsEntry("apiVersion", "kustomize.config.k8s.io/v1beta1")
				.containsEntry("kind", "Kustomization");
			for (String reference : references(content)) {
				Path target = directory.resolve(reference).normalize();
				assertThat(Files.exists(target)).as("%s names %s", Repo.relative(kustomization), reference).isTrue();
				if (Files.isDirectory(target)) {
					assertThat(target.resolve("kustomization.yaml")).as("%s is a kustomization", reference)
						.isRegularFile();
				}
			}
		}
	}

	@Test
	void overlaysBuildOnTheBaseInTheirOwnNamespace() {
		Set<String> namespaces = new TreeSet<>();
		for (String overlay : Kustomize.OVERLAYS) {
			Map<String, Object> content = Repo.yaml(overlay + "/kustomization.yaml");
			assertThat(Y.list(content.get("resources"))).contains("../../base");
			namespaces.add(Y.str(content, "namespace"));
			Set<String> imageNames = new TreeSet<>();
			Y.maps(content.get("images")).forEach((image) -> {
				imageNames.add(Y.str(image, "name"));
				assertThat(Y.str(image, "newTag")).as("%s %s", overlay, image).isNotBlank();
			});
			assertThat(imageNames).as("%s pins every app image", overlay).isEqualTo(new TreeSet<>(
					Platform.APPS.stream().map((app) -> "govcomm/" + app.name()).toList()));
		}
		assertThat(namespaces).as("staging and production never share a namespace").hasSize(2);
	}

	@Test
	void baseIncludesEveryAppAndEveryManifestItHolds() {
		Map<String, Object> base = Repo.yaml("k8s/base/kustomization.yaml");
		List<Object> resources = Y.list(base.get("resources"));
		for (App app : Platform.APPS) {
			assertThat(resources).contains("apps/" + app.name() + ".yaml");
			assertThat(Y.maps(base.get("configMapGenerator"))).extracting((generator) -> generator.get("name"))
				.contains(app.name() + "-config");
		}
		Set<String> manifests = new TreeSet<>();
		for (Path file : Repo.files("k8s/base")) {
			String name = Repo.relative(file);
			if (name.endsWith(".yaml") && !name.endsWith("/kustomization.yaml")) {
				manifests.add(Repo.path("k8s/base").relativize(file).toString());
			}
		}
		assertThat(new TreeSet<>(resources.stream().map(String::valueOf).toList())).as("no orphan manifest in k8s/base")
			.containsAll(manifests);
	}

	private static List<Path> kustomizations() {
		return Repo.files("k8s").stream().filter((file) -> file.getFileName().toString().equals("kustomization.yaml"))
			.toList();
	}

	private static List<String> references(Map<String, Object> kustomization) {
		List<String> references = new ArrayList<>();
		for (String key : List.of("resources", "components")) {
			Y.list(kustomization.get(key)).forEach((entry) -> references.add(String.valueOf(entry)));
		}
		for (Map<String, Object> patch : Y.maps(kustomization.get("patches"))) {
			if (patch.get("path") != null) {
				references.add(Y.str(patch, "path"));
			}
		}
		for (String generatorKey : List.of("configMapGenerator", "secretGenerator")) {
			for (Map<String, Object> generator : Y.maps(kustomization.get(generatorKey))) {
				Y.list(generator.get("files")).forEach((file) -> {
					String spec = String.valueOf(file);
					references.add(spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec);
				});
				Y.list(generator.get("envs")).forEach((env) -> references.add(String.valueOf(env)));
			}
		}
		return references;
	}

}
