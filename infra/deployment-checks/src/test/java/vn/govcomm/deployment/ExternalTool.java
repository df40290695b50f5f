package vn.govcomm.deployment;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool the checks use when it is installed (kubectl, promtool, docker compose). Without it the
 * dependent checks are skipped, unless -Ddeployment-checks.require-tools=true makes its absence a failure.
 */
final class ExternalTool {

	private static final boolean REQUIRED = Boolean.getBoolean("deployment-checks.require-tools");

	private final List<String> command;

	private ExternalTool(List<String> command) {
		this.command = command;
	}

	static Optional<Path> onPath(String executable) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String directory : path.split(File.pathSeparator)) {
			if (directory.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(directory, executable);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/** The first of the given command prefixes whose executable is installed, e.g. [kubectl, kustomize]. */
	static Optional<ExternalTool> find(List<List<String>> candidates) {
		for (List<String> candidate : candidates) {
			Optional<Path> executable = onPath(candidate.get(0));
			if (executable.isPresent()) {
				List<String> command = new ArrayList<>(candidate);
				command.set(0, executable.get().toString());
				if (usable(command)) {
					return Optional.of(new ExternalTool(command));
				}
			}
		}
		return Optional.empty();
	}

	/** The tool, or the test is skipped (or failed, when tools are required). */
	static ExternalTool require(String description, List<List<String>> candidates) {
		Optional<ExternalTool> tool = find(candidates);
		if (tool.isEmpty()) {
			String message = description + " is not installed (looked for " + candidates + ")";
			if (REQUIRED) {
				throw new AssertionError(message + " and -Ddeployment-checks.require-tools=true");
			}
			Assumptions.abort(message);
		}
		return tool.get();
	}

	Result run(Path workingDirectory, Map<String, String> environment, String... arguments) {
		List<String> full = new ArrayList<>(this.command);
		full.addAll(List.of(arguments));
		return execute(full, workingDirectory, environment);
	}

	static Result execute(List<String> command, Path workingDirectory, Map<String, String> environment) {
		try {
			Path output = Files.createTempFile("deployment-checks", ".out");
			try {
				ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile());
				builder.environment().putAll(environment);
				Process process = builder.start();
				if (!process.waitFor(120, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new AssertionError("timed out after 120 s: " + command);
				}
				return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean usable(List<String> command) {
		// "docker compose" needs the compose plugin, not only the docker client: ask it for its version.
		if (command.size() > 1 && command.get(1).equals("compose")) {
			return execute(List.of(command.get(0), "compose", "version"), Repo.ROOT, Map.of()).exitCode() == 0;
		}
		return true;
	}

	@Override
	public String toString() {
		return String.join(" ", this.command);
	}

	record Result(int exitCode, String output) {

		Result assertSuccess(String what) {
			if (this.exitCode != 0) {
				throw new AssertionError(what + " failed with exit code " + this.exitCode + ":\n" + this.output);
			}
			return this;
		}
	}

}
