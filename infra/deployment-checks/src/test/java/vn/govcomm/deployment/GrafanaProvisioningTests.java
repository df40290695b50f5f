package vn.govcomm.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import vn.govcomm.deployment.Repo.Y;

import static org.assertj.core.api.Assertions.assertThat;

/** infra/grafana: provisioning files, their mounts in compose, and every dashboard's panels and queries. */
class GrafanaProvisioningTests {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final Map<String, Object> grafana = Y.map(Y.at(Repo.yaml("infra/compose.yaml"), "services", "grafana"));

	@Test
	void datasourceIsTheComposePrometheusUnderAStableUid() {
		List<Map<String, Object>> sources = Y.maps(
				Repo.yaml("infra/grafana/provisioning/datasources/prometheus.yml").get("datasources"));
		assertThat(sources).singleElement().satisfies((source) -> {
			assertThat(source).containsEntry("type", "prometheus")
				.containsEntry("uid", "prometheus")
				.containsEntry("url", "http://prometheus:9090")
				.containsEntry("isDefault", true);
		});
		assertThat(Y.map(Y.at(Repo.yaml("infra/compose.yaml"), "services"))).containsKey("prometheus");
		assertThat(Y.list(this.grafana.get("volumes"))).contains("./grafana/provisioning:/etc/grafana/provisioning:ro");
	}

	@Test
	void dashboardProviderReadsTheFolderComposeMountsFromTheRepository() {
		List<Map<String, Object>> providers = Y.maps(
				Repo.yaml("infra/grafana/provisioning/dashboards/govcomm.yml").get("providers"));
		assertThat(providers).singleElement().satisfies((provider) -> {
			assertThat(provider).containsEntry("type", "file");
			String path = Y.str(provider, "options", "path");
			assertThat(Y.list(this.grafana.get("volumes"))).contains("./grafana/dashboards:" + path + ":ro");
		});
	}

	@Test
	void everyDashboardIsValidJsonAndEveryPanelQueriesTheProvisionedDatasource() throws Exception {
		List<Path> dashboards = dashboards();
		assertThat(dashboards).extracting(Repo::relative).contains("infra/grafana/dashboards/platform-health.json");
		Set<String> uids = new HashSet<>();
		for (Path file : dashboards) {
			JsonNode dashboard = JSON.readTree(Files.readString(file));
			String name = Repo.relative(file);
			assertThat(uids.add(dashboard.path("uid").asString())).as("%s has a unique uid", name).isTrue();
			assertThat(dashboard.path("title").asString()).as(name).isNotBlank();
			List<JsonNode> panels = panels(dashboard);
			assertThat(panels).as(name).isNotEmpty();
			for (JsonNode panel : panels) {
				String title = name + " / " + panel.path("title").asString();
				assertThat(panel.path("datasource").path("type").asString()).as(title).isEqualTo("prometheus");
				assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo("prometheus");
				assertThat(panel.path("targets").isArray() && !panel.path("targets").isEmpty()).as(title).isTrue();
				for (JsonNode target : panel.path("targets")) {
					assertThat(target.path("expr").asString()).as(title).isNotBlank();
					assertThat(target.path("refId").asString()).as(title).isNotBlank();
				}
			}
		}
	}

	@Test
	void platformHealthDashboardReadsOnlyMetricsEverySpringBootAppExports() throws Exception {
		JsonNode dashboard = JSON.readTree(Files.readString(Repo.path("infra/grafana/dashboards/platform-health.json")));
		Set<String> metrics = new HashSet<>();
		for (String expr : expressions(dashboard)) {
			metrics.addAll(PromQl.metricNames(expr));
		}
		assertThat(metrics).containsExactlyInAnyOrder("up", "process_cpu_usage", "jvm_memory_used_bytes");
	}

	/** promtool parses each panel query (wrapped as a recording rule), with Grafana's variables filled in. */
	@Test
	void everyPanelQueryIsValidPromql(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
		ExternalTool promtool = ExternalTool.require("promtool (Debian package prometheus)",
				List.of(List.of("promtool")));
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
		int index = 0;
		for (Path file : dashboards()) {
			for (String expr : expressions(JSON.readTree(Files.readString(file)))) {
				String concrete = expr.replace("$__rate_interval", "1m").replace("$__interval", "1m")
					.replaceAll("\\$\\{?[a-zA-Z_]+}?", "gateway");
				rules.append("      - record: dashboard:query_").append(index++).append('\n')
					.append("        expr: '").append(concrete.replace("'", "''")).append("'\n");
			}
		}
		Path file = work.resolve("dashboard-queries.yml");
		Files.writeString(file, rules);
		String output = promtool.run(work, Map.of(), "check", "rules", file.toString())
			.assertSuccess("promtool check rules on dashboard queries").output();
		assertThat(output).contains("SUCCESS: " + index + " rules found");
	}

	private static List<Path> dashboards() {
		return Repo.files("infra/grafana/dashboards").stream().filter((file) -> file.toString().endsWith(".json"))
			.toList();
	}

	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			if ("row".equals(panel.path("type").asString())) {
				panel.path("panels").forEach(panels::add);
			}
			else {
				panels.add(panel);
			}
		}
		return panels;
	}

	private static List<String> expressions(JsonNode dashboard) {
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : panels(dashboard)) {
			panel.path("targets").forEach((target) -> expressions.add(target.path("expr").asString()));
		}
		return expressions;
	}

}
