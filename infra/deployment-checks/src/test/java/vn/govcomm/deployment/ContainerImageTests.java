package vn.govcomm.deployment;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.govcomm.deployment.Platform.App;

import static org.assertj.core.api.Assertions.assertThat;

/** infra/docker/Dockerfile.service, its build-context filter and the container health probe. */
class ContainerImageTests {

	private static final String DOCKERFILE = "infra/docker/Dockerfile.service";

	private static final List<String> BOOT_LAYERS = List.of("dependencies", "spring-boot-loader",
			"snapshot-dependencies", "application");

	private final String dockerfile = Repo.read(DOCKERFILE);

	@Test
	void dockerfileExtractsTheBootJarIntoLayersAndRunsItAsANonRootUser() {
		List<String> stages = lines("FROM ");
		assertThat(stages).as("multi-stage").hasSize(2);
		assertThat(this.dockerfile).containsPattern("(?m)^ARG JAVA_IMAGE=eclipse-temurin:(21|25)-jre$");
		assertThat(stages.get(0)).isEqualTo("FROM ${JAVA_IMAGE} AS extract");
		assertThat(this.dockerfile).containsPattern("(?m)^ARG JAR_FILE$")
			.containsPattern("(?m)^COPY \\$\\{JAR_FILE} application.jar$")
			.containsPattern("(?m)^RUN java -Djarmode=tools -jar application.jar extract --layers --launcher "
					+ "--destination extracted$");

		List<String> layerCopies = lines("COPY --from=extract ");
		assertThat(layerCopies).containsExactlyElementsOf(
				BOOT_LAYERS.stream().map((layer) -> "COPY --from=extract /build/extracted/" + layer + "/ ./").toList());

		Matcher uid = Pattern.compile("(?m)^ARG APP_UID=(\\d+)$").matcher(this.dockerfile);
		assertThat(uid.find()).isTrue();
		assertThat(Integer.parseInt(uid.group(1))).isGreaterThanOrEqualTo(10000);
		List<String> users = lines("USER ");
		assertThat(users).containsExactly("USER ${APP_UID}:${APP_UID}");
		assertThat(this.dockerfile.indexOf("USER ")).as("USER comes after every COPY")
			.isGreaterThan(this.dockerfile.lastIndexOf("COPY "));
		assertThat(lines("ENTRYPOINT ")).containsExactly(
				"ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
		assertThat(this.dockerfile).contains("COPY --chmod=0555 infra/docker/healthcheck.sh /usr/local/bin/healthcheck");
	}

	@Test
	void buildContextAdmitsEveryBootJarTheComposeFileNamesAndNothingElse() {
		List<String> patterns = Repo.read(DOCKERFILE + ".dockerignore")
			.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		for (App app : Platform.APPS) {
			assertThat(sentToBuild(patterns, app.jarPath())).as(app.jarPath()).isTrue();
			assertThat(sentToBuild(patterns, app.jarPath().replace("-exec.jar", ".jar"))).as("plain jar").isFalse();
		}
		assertThat(sentToBuild(patterns, "infra/docker/healthcheck.sh")).isTrue();
		assertThat(sentToBuild(patterns, "services/campaign-service/src/main/resources/application.yml")).isFalse();
		assertThat(sentToBuild(patterns, "infra/.env")).isFalse();
		assertThat(sentToBuild(patterns, ".git/config")).isFalse();
	}

	@Test
	void healthcheckPassesOnlyWhenTheActuatorAnswers200() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/actuator/health/readiness", (exchange) -> respond(exchange, 200, "{\"status\":\"UP\"}"));
		server.createContext("/actuator/health/liveness", (exchange) -> respond(exchange, 503,
				"{\"status\":\"DOWN\"}"));
		server.start();
		try {
			int port = server.getAddress().getPort();
			assertThat(healthcheck(port).exitCode()).as("readiness UP").isZero();
			assertThat(healthcheck(port, "/actuator/health/liveness").exitCode()).as("liveness DOWN").isNotZero();
			assertThat(healthcheck(port, "/missing").exitCode()).as("404").isNotZero();
		}
		finally {
			server.stop(0);
		}
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		assertThat(healthcheck(closedPort).exitCode()).as("nothing listening").isNotZero();
	}

	/** Runs Boot's extraction on whichever platform jars are built, the same command the Dockerfile runs. */
	@Test
	void builtBootJarsSplitIntoExactlyTheLayersTheDockerfileCopies(@TempDir Path work) {
		List<Path> jars = Platform.APPS.stream().map((app) -> Repo.path(app.jarPath())).filter(Files::isRegularFile)
			.toList();
		Assumptions.assumeFalse(jars.isEmpty(), "no *-exec.jar built yet (run ./mvnw -DskipTests package)");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		for (Path jar : jars) {
			Path target = work.resolve(jar.getFileName().toString());
			ExternalTool.execute(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--layers",
					"--launcher", "--destination", target.toString()), Repo.ROOT, Map.of())
				.assertSuccess("extract " + jar);
			try (Stream<Path> layers = Files.list(target)) {
				assertThat(layers.map((layer) -> layer.getFileName().toString()).toList()).as(jar.toString())
					.isSubsetOf(BOOT_LAYERS)
					.contains("application", "dependencies", "spring-boot-loader");
			}
			catch (IOException ex) {
				throw new AssertionError(ex);
			}
			assertThat(target.resolve("spring-boot-loader/org/springframework/boot/loader/launch/JarLauncher.class"))
				.isRegularFile();
			assertThat(target.resolve("application/BOOT-INF/classes")).isDirectory();
		}
	}

	private List<String> lines(String prefix) {
		return this.dockerfile.lines().filter((line) -> line.startsWith(prefix)).toList();
	}

	/** Docker's rule: the last pattern that matches a path decides; a leading '!' re-includes it. */
	private static boolean sentToBuild(List<String> patterns, String path) {
		boolean included = true;
		for (String pattern : patterns) {
			boolean negated = pattern.startsWith("!");
			String glob = negated ? pattern.substring(1) : pattern;
			PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
			if (matcher.matches(Path.of(path))) {
				included = negated;
			}
		}
		return included;
	}

	private static ExternalTool.Result healthcheck(int port, String... path) {
		List<String> command = new ArrayList<>(List.of("bash", Repo.path("infra/docker/healthcheck.sh").toString()));
		command.addAll(List.of(path));
		return ExternalTool.execute(command, Repo.ROOT, Map.of("SERVER_PORT", String.valueOf(port)));
	}

	private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (var out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
