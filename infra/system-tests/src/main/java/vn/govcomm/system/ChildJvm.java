package vn.govcomm.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class started as a separate operating-system process with this JVM's classpath, so a test can
 * kill it the hard way ({@code kill -9}) and start it again, as production crashes would.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final String mainClass;
    private final List<String> args;
    private final Path logFile;
    private final String heap;
    /** Environment changes for the child (null: remove the variable); empty = this JVM's environment as it is. */
    private final java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
    private Process process;

    public ChildJvm(String name, String mainClass, List<String> args, Path logDir, String heap) {
        this.name = name;
        this.mainClass = mainClass;
        this.args = List.copyOf(args);
        this.logFile = logDir.resolve(name + ".log");
        this.heap = heap;
    }

    /**
     * Sets ({@code value} non-null) or removes ({@code value} null) an environment variable of the child for its next
     * starts; the rest of its environment is this JVM's.
     */
    public synchronized ChildJvm environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * Benchmarks and diagnoses only (e.g. a flight recording per process, or another JIT): {@code -DchildJvmOptions}
     * for every child, then {@code -DchildJvmOptions.<name>} for this one (e.g. {@code childJvmOptions.mongo}), split on
     * spaces, "{name}" replaced by the child's name.
     */
    private List<String> diagnosisOptions() {
        String options = System.getProperty("childJvmOptions", "") + " " + System.getProperty("childJvmOptions." + name, "");
        return java.util.Arrays.stream(options.trim().split("\\s+")).filter(option -> !option.isEmpty())
                .map(option -> option.replace("{name}", name)).toList();
    }

    /** Every child's JIT, collector and class-data sharing: C1 only and the serial collector, quick on two cores. */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    public synchronized ChildJvm start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(JVM_OPTIONS);
        command.addAll(diagnosisOptions()); // later options win over the ones above
        command.add("-cp");
        command.add(ManagementFactory.getRuntimeMXBean().getClassPath());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        return this;
    }

    /** SIGKILL: no shutdown hooks, no graceful close — what a crash or an OOM kill looks like. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(20));
        }
    }

    /** SIGTERM: graceful stop. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(Duration.ofSeconds(30))) {
                kill();
            }
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How the last start ended, once it has: 128 + the signal for a killed process (137 after SIGKILL). */
    public synchronized java.util.OptionalInt exitStatus() {
        return process == null || process.isAlive() ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(process.exitValue());
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** Resident memory of the process in MiB, from /proc (Linux). */
    public long residentMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public String name() {
        return name;
    }

    /**
     * Why the child is gone, for a test's failure message (CI shows the message, not the log file): its exit status and
     * the last few lines of its log that name an error, on one line.
     */
    public String exitReport() {
        StringBuilder sb = new StringBuilder(name).append(" exited");
        exitStatus().ifPresent(status -> sb.append(" with status ").append(status));
        sb.append("; see ").append(logFile);
        try {
            List<String> errors = Files.exists(logFile) ? Files.readAllLines(logFile).stream()
                    .filter(line -> line.contains("ERROR") || line.contains("Exception") || line.contains("Caused by")
                            || line.contains("Error:"))
                    .map(String::strip).toList() : List.of();
            if (!errors.isEmpty()) {
                sb.append("; its last errors: ").append(String.join(" | ",
                        errors.subList(Math.max(0, errors.size() - 6), errors.size())));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            sb.append(" (log unreadable: ").append(e).append(')');
        }
        return sb.toString();
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        if (diagnosisOptions().isEmpty()) {
            kill();
        } else {
            stop(); // a diagnosis run: let the child write what its options asked for at exit (e.g. a flight recording)
        }
    }
}
