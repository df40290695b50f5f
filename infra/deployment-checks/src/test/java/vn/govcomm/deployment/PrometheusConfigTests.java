package vn.govcomm.deployment;

import java.io.IOException;
import java.nio.file.DirectoryStream;
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

/** infra/prometheus: scrape configuration, alert rules, and their Kubernetes twin. */
class PrometheusConfigTests {

	/** Metrics every Spring Boot app with Micrometer's Prometheus registry exports, plus Prometheus' own `up`. */
	static final Set<String> STANDARD_METRICS = Set.of("up", "process_cpu_usage", "jvm_memory_used_bytes",
			"jvm_memory_max_bytes");

	private final Map<String, Object> config = Repo.yaml("infra/prometheus/prometheus.yml");

	@Test
	void scrapesEveryAppOnItsActuatorEndpointAsItsOwnJob() {
		List<Map<String, Object>> jobs = Y.maps(this.config.get("scrape_configs"));
		for (App app : Platform.APPS) {
			Map<String, Object> job = jobs.stream().filter((candidate) -> app.name().equals(candidate.get("job_name")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no scrape job " + app.name()));
			assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
			List<Map<String, Object>> statics = Y.maps(job.get("static_configs"));
			assertThat(statics).singleElement().satisfies((targets) -> {
				assertThat(Y.list(targets.get("targets"))).containsExactly(app.name() + ":" + app.port());
				assertThat(Y.mapAt(targets, "labels")).containsEntry("platform", "govcomm");
			});
		}
	}

	@Test
	void ruleFilesGlobLoadsThePlatformAlerts() throws IOException {
		List<Path> loaded = new ArrayList<>();
		Path configDirectory = Repo.path("infra/prometheus");
		for (Object pattern : Y.list(this.config.get("rule_files"))) {
			Path glob = configDirectory.resolve(String.valueOf(pattern));
			try (DirectoryStream<Path> matches = Files.newDirectoryStream(glob.getParent(),
					glob.getFileName().toString())) {
				matches.forEach(loaded::add);
			}
		}
		assertThat(loaded).extracting(Repo::relative).contains("infra/prometheus/alerts/platform.yml");
		for (Path rules : loaded) {
			assertThat(Y.maps(Repo.yaml(Repo.relative(rules)).get("groups"))).as(Repo.relative(rules))
				.allSatisfy((group) -> assertThat(Y.maps(group.get("rules"))).isNotEmpty());
		}
	}

	@Test
	void anAppNotScrapedForTwoMinutesRaisesACriticalAlert() {
		Map<String, Object> rule = alertRules().stream()
			.filter((candidate) -> String.valueOf(candidate.get("expr")).replace(" ", "")
				.equals("up{platform=\"govcomm\"}==0"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no up == 0 alert for the platform's targets"));
		assertThat(rule).containsEntry("for", "2m");
		assertThat(Y.mapAt(rule, "labels")).containsEntry("severity", "critical");
		assertThat(Y.str(rule, "annotations", "summary")).contains("{{ $labels.job }}");
	}

	@Test
	void alertsUseOnlyMetricsEverySpringBootAppExports() {
		for (Map<String, Object> rule : alertRules()) {
			assertThat(PromQl.metricNames(String.valueOf(rule.get("expr")))).as(Y.str(rule, "alert"))
				.isNotEmpty()
				.isSubsetOf(STANDARD_METRICS);
		}
	}

	@Test
	void kubernetesPrometheusRuleCarriesTheSameAlertGroups() {
		Map<String, Object> rule = Repo.yamlDocuments(Repo.read("k8s/base/monitoring/prometheus-rule.yaml")).get(0);
		assertThat(rule).containsEntry("kind", "PrometheusRule");
		assertThat(Y.at(rule, "spec", "groups")).isEqualTo(Repo.yaml("infra/prometheus/alerts/platform.yml").get("groups"));
		Map<String, Object> delivery = Repo.yamlDocuments(Repo.read("k8s/base/monitoring/prometheus-rule-delivery.yaml")).get(0);
		assertThat(delivery).containsEntry("kind", "PrometheusRule");
		assertThat(Y.at(delivery, "spec", "groups")).isEqualTo(Repo.yaml("infra/prometheus/alerts/delivery.yml").get("groups"));
	}

	@Test
	void promtoolAcceptsTheConfigurationAndTheAlertRulesPassTheirUnitTests() {
		ExternalTool promtool = ExternalTool.require("promtool (Debian package prometheus)",
				List.of(List.of("promtool")));
		Path directory = Repo.path("infra/prometheus");
		String check = promtool.run(directory, Map.of(), "check", "config", "prometheus.yml")
			.assertSuccess("promtool check config").output();
		assertThat(check).contains("SUCCESS");
		String tests = promtool.run(directory, Map.of(), "test", "rules", "tests/platform-test.yml")
			.assertSuccess("promtool test rules").output();
		assertThat(tests).contains("SUCCESS");
	}

	static List<Map<String, Object>> alertRules() {
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : Y.maps(Repo.yaml("infra/prometheus/alerts/platform.yml").get("groups"))) {
			rules.addAll(Y.maps(group.get("rules")));
		}
		Set<String> names = new TreeSet<>();
		rules.forEach((rule) -> assertThat(names.add(Y.str(rule, "alert"))).as("unique alert names").isTrue());
		return rules;
	}

}
