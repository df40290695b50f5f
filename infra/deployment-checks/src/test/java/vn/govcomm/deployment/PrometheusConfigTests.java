package vn.govcomm.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

	static final String ALERTS = "infra/prometheus/alerts";

	static final String TESTS = "infra/prometheus/tests";

	static final String MONITORING = "k8s/base/monitoring";

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
	void ruleFilesGlobLoadsEveryAlertsFile() {
		List<Path> loaded = loadedRuleFiles();
		assertThat(loaded).extracting(Repo::relative).contains("infra/prometheus/alerts/platform.yml");
		assertThat(loaded).as("every file of infra/prometheus/alerts is loaded by prometheus.yml's rule_files")
			.containsExactlyInAnyOrderElementsOf(yamlFiles(ALERTS));
		for (Path rules : loaded) {
			assertThat(Y.maps(Repo.yaml(Repo.relative(rules)).get("groups"))).as(Repo.relative(rules))
				.isNotEmpty()
				.allSatisfy((group) -> assertThat(Y.maps(group.get("rules"))).isNotEmpty());
		}
	}

	@Test
	void everyAlertsFileHasPromtoolUnitTests() {
		Set<String> tested = new TreeSet<>();
		List<Path> testFiles = promtoolTestFiles();
		assertThat(testFiles).isNotEmpty();
		for (Path testFile : testFiles) {
			Map<String, Object> tests = Repo.yaml(Repo.relative(testFile));
			assertThat(Y.maps(tests.get("tests"))).as(Repo.relative(testFile)).isNotEmpty();
			for (Object ruleFile : Y.list(tests.get("rule_files"))) {
				// promtool resolves rule_files against the test file's directory
				Path rules = testFile.getParent().resolve(String.valueOf(ruleFile)).normalize();
				assertThat(rules).as("%s: rule file %s", Repo.relative(testFile), ruleFile).isRegularFile();
				tested.add(Repo.relative(rules));
			}
		}
		assertThat(tested).as("alert rule files named by a test of %s", TESTS)
			.containsAll(loadedRuleFiles().stream().map(Repo::relative).toList());
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

	/**
	 * Each alerts file infra/prometheus/alerts/&lt;name&gt;.yml has a Kubernetes twin, the PrometheusRule
	 * govcomm-&lt;name&gt; in k8s/base/monitoring, included in the base kustomization, with the very same groups; and
	 * there is no PrometheusRule without an alerts file (its rules would have no promtool tests).
	 */
	@Test
	void kubernetesPrometheusRulesCarryTheSameAlertGroupsAsEveryAlertsFile() {
		List<Object> resources = Y.list(Repo.yaml("k8s/base/kustomization.yaml").get("resources"));
		Map<String, Map<String, Object>> prometheusRules = new TreeMap<>();
		for (Path manifest : Repo.files(MONITORING)) {
			for (Map<String, Object> document : Repo.yamlDocuments(Repo.read(manifest))) {
				if (!"PrometheusRule".equals(document.get("kind"))) {
					continue;
				}
				String name = Y.str(document, "metadata", "name");
				assertThat(prometheusRules.put(name, document)).as("PrometheusRule %s defined twice", name).isNull();
				assertThat(resources).as("k8s/base/kustomization.yaml includes %s", Repo.relative(manifest))
					.contains(Repo.path("k8s/base").relativize(manifest).toString());
			}
		}
		Set<String> expected = new TreeSet<>();
		for (Path alerts : loadedRuleFiles()) {
			String file = alerts.getFileName().toString();
			String name = "govcomm-" + file.substring(0, file.lastIndexOf('.'));
			expected.add(name);
			assertThat(prometheusRules.keySet()).as("PrometheusRule %s in %s, the twin of %s", name, MONITORING,
					Repo.relative(alerts))
				.contains(name);
			assertThat(Y.at(prometheusRules.get(name), "spec", "groups")).as("%s groups equal to %s", name,
					Repo.relative(alerts))
				.isEqualTo(Repo.yaml(Repo.relative(alerts)).get("groups"));
		}
		assertThat(prometheusRules.keySet()).as("PrometheusRules in %s, one per alerts file", MONITORING)
			.isEqualTo(expected);
	}

	@Test
	void promtoolAcceptsTheConfigurationAndTheAlertRulesPassTheirUnitTests() {
		ExternalTool promtool = ExternalTool.require("promtool (Debian package prometheus)",
				List.of(List.of("promtool")));
		Path directory = Repo.path("infra/prometheus");
		String check = promtool.run(directory, Map.of(), "check", "config", "prometheus.yml")
			.assertSuccess("promtool check config").output();
		assertThat(check).contains("SUCCESS");
		List<Path> testFiles = promtoolTestFiles();
		assertThat(testFiles).isNotEmpty();
		for (Path testFile : testFiles) {
			String relative = directory.relativize(testFile).toString();
			String tests = promtool.run(directory, Map.of(), "test", "rules", relative)
				.assertSuccess("promtool test rules " + relative).output();
			assertThat(tests).as(relative).contains("SUCCESS");
		}
	}

	/** The alert rule files prometheus.yml's rule_files globs load. */
	static List<Path> loadedRuleFiles() {
		List<Path> loaded = new ArrayList<>();
		Path configDirectory = Repo.path("infra/prometheus");
		for (Object pattern : Y.list(Repo.yaml("infra/prometheus/prometheus.yml").get("rule_files"))) {
			Path glob = configDirectory.resolve(String.valueOf(pattern));
			try (DirectoryStream<Path> matches = Files.newDirectoryStream(glob.getParent(),
					glob.getFileName().toString())) {
				matches.forEach((match) -> loaded.add(match.toAbsolutePath().normalize()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		loaded.sort(null);
		return loaded;
	}

	/** Every promtool unit test file: all of infra/prometheus/tests. */
	static List<Path> promtoolTestFiles() {
		return yamlFiles(TESTS);
	}

	private static List<Path> yamlFiles(String directory) {
		return Repo.files(directory).stream()
			.filter((file) -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml"))
			.map((file) -> file.toAbsolutePath().normalize())
			.toList();
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
