package vn.govcomm.deployment;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** The API-model check finds misspelt or misplaced fields and wrongly typed values, so a pass means something. */
class KubernetesModelTests {

	@Test
	void reportsAMisspeltProbeWithItsPath() {
		Map<String, Object> deployment = deployment(Map.of("name", "app", "image", "app:1", "livenesProbe",
				Map.of("httpGet", Map.of("path", "/actuator/health/liveness", "port", "http"))));
		assertThat(KubernetesModel.unknownFields(deployment))
			.containsExactly("Deployment.spec.template.spec.containers[0].livenesProbe");
	}

	@Test
	void reportsAFieldAtTheWrongLevel() {
		Map<String, Object> deployment = deployment(Map.of("name", "app", "image", "app:1", "readOnlyRootFilesystem",
				true));
		assertThat(KubernetesModel.unknownFields(deployment))
			.containsExactly("Deployment.spec.template.spec.containers[0].readOnlyRootFilesystem");
	}

	@Test
	void rejectsAValueOfTheWrongType() {
		Map<String, Object> deployment = deployment(Map.of("name", "app", "image", "app:1", "ports",
				List.of(Map.of("containerPort", "eighty"))));
		assertThatException().isThrownBy(() -> KubernetesModel.unknownFields(deployment));
	}

	@Test
	void acceptsAWellFormedDeployment() {
		Map<String, Object> deployment = deployment(Map.of("name", "app", "image", "app:1", "securityContext",
				Map.of("readOnlyRootFilesystem", true), "ports", List.of(Map.of("name", "http", "containerPort", 8080))));
		assertThat(KubernetesModel.knows(deployment)).isTrue();
		assertThat(KubernetesModel.unknownFields(deployment)).isEmpty();
	}

	private static Map<String, Object> deployment(Map<String, Object> container) {
		return Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "app"), "spec",
				Map.of("selector", Map.of("matchLabels", Map.of("app", "x")), "template",
						Map.of("metadata", Map.of("labels", Map.of("app", "x")), "spec",
								Map.of("containers", List.of(container)))));
	}

}
