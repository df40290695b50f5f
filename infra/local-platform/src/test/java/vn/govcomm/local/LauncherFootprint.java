package vn.govcomm.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the README's start command side by side: starts the launcher jar {@code runs} times per variant, A and B
 * alternating (A B, B A, A B…, so a change in the machine's load hits both), each on a fresh data directory with the
 * demo data, and prints per start the time to ready (the launcher's "platform is running" line, printed after the
 * demo data is loaded), the resident memory (VmHWM = peak, VmRSS once the demo campaigns settled), the threads, then
 * medians and B/A. Settled: the publisher's applied-status counter is above zero and the same on three polls 5 s apart.
 * Linux only (/proc). Plain JDK, so it runs from source without a build:
 * <pre>
 * java infra/local-platform/src/test/java/vn/govcomm/local/LauncherFootprint.java \
 *     --jar infra/local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar --runs 2 \
 *     --a "" --b "-XX:+UseSerialGC -Xmx512m"
 * </pre>
 * {@code --a}/{@code --b}: the JVM options of each variant (spaces separate them); {@code --a-jar}/{@code --b-jar}: a
 * variant's own jar (default {@code --jar}; e.g. an extracted one for an AOT cache); {@code --port-offset} (default
 * 20000) keeps it clear of a developer's platform; {@code --work} (default target/footprint) holds the data
 * directories and each start's log.
 */
public final class LauncherFootprint {

    private static final Pattern STATUS_LINE = Pattern.compile("^govcomm_deliveries_status_total\\{[^}]*} ([0-9.eE+]+)$",
            Pattern.MULTILINE);
    private static final Duration READY_LIMIT = Duration.ofMinutes(6);
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(4);

    record Start(String variant, int run, double readySeconds, long peakRssKib, long settledRssKib, int threads,
                 double settledAfterSeconds, double deliveryStatuses, boolean ok) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path jar = Path.of(opts.getOrDefault("jar", "infra/local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "2"));
        int offset = Integer.parseInt(opts.getOrDefault("port-offset", "20000"));
        Path work = Path.of(opts.getOrDefault("work", "target/footprint")).resolve(Instant.now().toString().replace(':', '-'));
        Map<String, List<String>> variants = Map.of("A", split(opts.getOrDefault("a", "")), "B", split(opts.getOrDefault("b", "")));
        Map<String, Path> jars = Map.of("A", Path.of(opts.getOrDefault("a-jar", jar.toString())),
                "B", Path.of(opts.getOrDefault("b-jar", jar.toString())));
        System.out.printf("A: %s %s; B: %s %s; load %s%n", variants.get("A"), jars.get("A"), variants.get("B"),
                jars.get("B"), load());

        List<Start> starts = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            List<String> order = run % 2 == 1 ? List.of("A", "B") : List.of("B", "A");
            for (String variant : order) {
                Start s = measure(jars.get(variant), variant, variants.get(variant), run, offset, work.resolve(variant + run));
                starts.add(s);
                System.out.printf("%s run %d: ready %.1f s, peak %d MiB, settled %d MiB, %d threads, settled %.0f s after ready (%s statuses)%s; load %s%n",
                        variant, run, s.readySeconds(), s.peakRssKib() / 1024, s.settledRssKib() / 1024, s.threads(),
                        s.settledAfterSeconds(), (long) s.deliveryStatuses(), s.ok() ? "" : " NOT SETTLED", load());
            }
        }
        System.out.println();
        System.out.println("| start | variant | ready (s) | peak RSS (MiB) | RSS settled (MiB) | threads settled |");
        System.out.println("|---|---|---|---|---|---|");
        starts.forEach(s -> System.out.printf("| %d | %s | %.1f | %d | %d%s | %d |%n", s.run(), s.variant(),
                s.readySeconds(), s.peakRssKib() / 1024, s.settledRssKib() / 1024, s.ok() ? "" : " (not settled)", s.threads()));
        double[] a = medians(starts, "A");
        double[] b = medians(starts, "B");
        System.out.printf("| median | A | %.1f | %.0f | %.0f | %.0f |%n", a[0], a[1], a[2], a[3]);
        System.out.printf("| median | B | %.1f | %.0f | %.0f | %.0f |%n", b[0], b[1], b[2], b[3]);
        System.out.printf("| | B/A | %.2f | %.2f | %.2f | %.2f |%n", b[0] / a[0], b[1] / a[1], b[2] / a[2], b[3] / a[3]);
    }

    private static Start measure(Path jar, String variant, List<String> jvmOptions, int run, int offset, Path dir)
            throws Exception {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.log").toFile());
        pb.environment().put("GOVCOMM_DATA_DIR", dir.resolve("data").toString());
        pb.environment().put("GOVCOMM_PORT_OFFSET", Integer.toString(offset));
        pb.environment().put("GOVCOMM_DEMO_DATA", "true");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            double ready = -1;
            while (ready < 0) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(variant + run + " exited with " + p.exitValue() + ", see " + dir);
                }
                if (Files.readString(dir.resolve("launcher.log")).contains("GovComm platform is running")) {
                    ready = (System.nanoTime() - t0) / 1e9;
                } else if (System.nanoTime() - t0 > READY_LIMIT.toNanos()) {
                    throw new IllegalStateException(variant + run + " not ready in " + READY_LIMIT + ", see " + dir);
                } else {
                    p.waitFor(200, TimeUnit.MILLISECONDS);
                }
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI metrics = URI.create("http://127.0.0.1:" + (8082 + offset) + "/actuator/prometheus");
            long readyAt = System.nanoTime();
            double last = -1;
            int same = 0;
            while (same < 2 && System.nanoTime() - readyAt < SETTLE_LIMIT.toNanos()) {
                p.waitFor(5, TimeUnit.SECONDS);
                double now = statuses(http, metrics);
                same = now > 0 && now == last ? same + 1 : 0;
                last = now;
            }
            Map<String, Long> status = procStatus(p.pid());
            return new Start(variant, run, ready, status.get("VmHWM"), status.get("VmRSS"),
                    status.get("Threads").intValue(), (System.nanoTime() - readyAt) / 1e9, last, same >= 2);
        } finally {
            p.destroy(); // SIGTERM: the launcher's graceful stop
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private static double statuses(HttpClient http, URI metrics) {
        try {
            String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            Matcher m = STATUS_LINE.matcher(body);
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return sum;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** VmHWM, VmRSS (KiB) and Threads of a live process. */
    private static Map<String, Long> procStatus(long pid) throws IOException {
        Map<String, Long> values = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            String[] kv = line.split(":\\s+", 2);
            if (List.of("VmHWM", "VmRSS", "Threads").contains(kv[0])) {
                values.put(kv[0], Long.parseLong(kv[1].replace(" kB", "").strip()));
            }
        }
        return values;
    }

    private static double[] medians(List<Start> starts, String variant) {
        List<Start> of = starts.stream().filter(s -> s.variant().equals(variant)).toList();
        return new double[] {median(of.stream().mapToDouble(Start::readySeconds).toArray()),
                median(of.stream().mapToDouble(s -> s.peakRssKib() / 1024.0).toArray()),
                median(of.stream().mapToDouble(s -> s.settledRssKib() / 1024.0).toArray()),
                median(of.stream().mapToDouble(Start::threads).toArray())};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + "/" + f[1] + "/" + f[2];
    }

    private static List<String> split(String options) {
        return options.isBlank() ? List.of() : List.of(options.strip().split("\\s+"));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    private LauncherFootprint() {
    }
}
