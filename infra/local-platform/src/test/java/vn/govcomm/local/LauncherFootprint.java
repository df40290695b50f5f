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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the README's start command side by side: starts the launcher jar {@code runs} times per variant, the
 * variants alternating (A B, B A, A B…, so a change in the machine's load hits all), each on a fresh data directory with
 * the demo data, and prints per start the time to ready (the launcher's "platform is running" line, printed after the
 * demo data is loaded), the CPU seconds the JVM used until then (user + system), the resident memory (VmHWM = peak,
 * VmRSS once the demo campaigns settled), the threads, then medians and each variant's ratio to A. Settled: the publisher's applied-status counter is above zero and the same on three polls 5 s apart.
 * Linux only (/proc). Plain JDK, so it runs from source without a build:
 * <pre>
 * java infra/local-platform/src/test/java/vn/govcomm/local/LauncherFootprint.java \
 *     --jar infra/local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar --runs 2 \
 *     --a "" --b "-XX:+UseSerialGC -Xmx512m"
 * </pre>
 * {@code --a}/{@code --b} (and optionally {@code --c} … {@code --f}): the JVM options of each variant (spaces separate
 * them; the starts go A B C…, then …C B A, and so on); {@code --a-jar}/{@code --b-jar}/…: a variant's own jar (default
 * {@code --jar}; e.g. the extracted target/launcher/local-platform.jar for a CDS archive or an AOT cache; a class path
 * such as {@code target/launcher/libraries.jar:target/launcher/local-platform.jar} runs LocalPlatform as the README does);
 * {@code --b-warm "options"}/…: one unmeasured start of that variant with these options before the measured ones, stopped
 * with SIGTERM once ready (the warm-cache mode: a start with -XX:+AutoCreateSharedArchive or -XX:AOTCacheOutput writes
 * its archive at that exit; its ready time and how long the exit took are printed); {@code --port-offset} (default
 * 20000) keeps it clear of a developer's platform; {@code --work} (default target/footprint) holds the data directories
 * and each start's log. Ratios are against A.
 */
public final class LauncherFootprint {

    private static final Pattern STATUS_LINE = Pattern.compile("^govcomm_deliveries_status_total\\{[^}]*} ([0-9.eE+]+)$",
            Pattern.MULTILINE);
    private static final Duration READY_LIMIT = Duration.ofMinutes(6);
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(4);

    record Start(String variant, int run, double readySeconds, double cpuSeconds, long peakRssKib, long settledRssKib,
                 int threads, double settledAfterSeconds, double deliveryStatuses, boolean ok) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path jar = Path.of(opts.getOrDefault("jar", "infra/local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "2"));
        int offset = Integer.parseInt(opts.getOrDefault("port-offset", "20000"));
        Path work = Path.of(opts.getOrDefault("work", "target/footprint")).resolve(Instant.now().toString().replace(':', '-'));
        // Variants A, B and, when given, C…F: each its JVM options, its jar and optionally a warm-up start.
        Map<String, List<String>> variants = new LinkedHashMap<>();
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String v : List.of("A", "B", "C", "D", "E", "F")) {
            String key = v.toLowerCase(java.util.Locale.ROOT);
            if (v.equals("A") || v.equals("B") || opts.containsKey(key)) {
                variants.put(v, split(opts.getOrDefault(key, "")));
                jars.put(v, Path.of(opts.getOrDefault(key + "-jar", jar.toString())));
                System.out.printf("%s: %s %s%s%n", v, variants.get(v), jars.get(v), opts.containsKey(key + "-warm")
                        ? "; warm-up start with " + split(opts.get(key + "-warm")) : "");
            }
        }
        System.out.printf("load %s%n", load());
        // Warm-ups: one unmeasured start per variant that asks for it (e.g. the training run that writes an AOT cache
        // or a CDS archive at exit), stopped with SIGTERM once ready, before the measured starts.
        for (String v : variants.keySet()) {
            String warm = opts.get(v.toLowerCase(java.util.Locale.ROOT) + "-warm");
            if (warm != null) {
                long t0 = System.nanoTime();
                Start s = measure(jars.get(v), v, split(warm), 0, offset, work.resolve(v + "-warm"), false);
                System.out.printf("%s warm-up: ready %.1f s, stopped (exit and archive written) %.1f s after ready; load %s%n",
                        v, s.readySeconds(), (System.nanoTime() - t0) / 1e9 - s.readySeconds(), load());
            }
        }

        List<String> names = new ArrayList<>(variants.keySet());
        List<Start> starts = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            // A B C…, then …C B A: a change in the machine's load hits every variant alike
            List<String> order = new ArrayList<>(names);
            if (run % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (String variant : order) {
                Start s = measure(jars.get(variant), variant, variants.get(variant), run, offset,
                        work.resolve(variant + run), true);
                starts.add(s);
                System.out.printf("%s run %d: ready %.1f s, CPU to ready %.1f s, peak %d MiB, settled %d MiB, %d threads, settled %.0f s after ready (%s statuses)%s; load %s%n",
                        variant, run, s.readySeconds(), s.cpuSeconds(), s.peakRssKib() / 1024, s.settledRssKib() / 1024,
                        s.threads(), s.settledAfterSeconds(), (long) s.deliveryStatuses(), s.ok() ? "" : " NOT SETTLED", load());
            }
        }
        System.out.println();
        System.out.println("| start | variant | ready (s) | CPU to ready (s) | peak RSS (MiB) | RSS settled (MiB) | threads settled |");
        System.out.println("|---|---|---|---|---|---|---|");
        starts.forEach(s -> System.out.printf("| %d | %s | %.1f | %.1f | %d | %d%s | %d |%n", s.run(), s.variant(),
                s.readySeconds(), s.cpuSeconds(), s.peakRssKib() / 1024, s.settledRssKib() / 1024,
                s.ok() ? "" : " (not settled)", s.threads()));
        double[] a = medians(starts, "A");
        for (String v : names) {
            double[] m = medians(starts, v);
            System.out.printf("| median | %s | %.1f | %.1f | %.0f | %.0f | %.0f |%n", v, m[0], m[4], m[1], m[2], m[3]);
        }
        for (String v : names.subList(1, names.size())) {
            double[] m = medians(starts, v);
            System.out.printf("| | %s/A | %.2f | %.2f | %.2f | %.2f | %.2f |%n", v, m[0] / a[0], m[4] / a[4], m[1] / a[1],
                    m[2] / a[2], m[3] / a[3]);
        }
        System.out.printf("load %s%n", load());
    }

    private static Start measure(Path jar, String variant, List<String> jvmOptions, int run, int offset, Path dir,
                                 boolean settle) throws Exception {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (jar.toString().contains(java.io.File.pathSeparator)) {
            // a class path (the README's libraries.jar:local-platform.jar), run as the README runs it
            List<String> entries = new ArrayList<>();
            for (String entry : jar.toString().split(java.io.File.pathSeparator)) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
            command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, entries), "vn.govcomm.local.LocalPlatform"));
        } else {
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        }
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
            double cpu = 0;
            while (ready < 0) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(variant + run + " exited with " + p.exitValue() + ", see " + dir);
                }
                if (Files.readString(dir.resolve("launcher.log")).contains("GovComm platform is running")) {
                    ready = (System.nanoTime() - t0) / 1e9;
                    cpu = cpuSeconds(p.pid());
                } else if (System.nanoTime() - t0 > READY_LIMIT.toNanos()) {
                    throw new IllegalStateException(variant + run + " not ready in " + READY_LIMIT + ", see " + dir);
                } else {
                    p.waitFor(200, TimeUnit.MILLISECONDS);
                }
            }
            if (!settle) {
                return new Start(variant, run, ready, cpu, 0, 0, 0, 0, 0, true);
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
            return new Start(variant, run, ready, cpu, status.get("VmHWM"), status.get("VmRSS"),
                    status.get("Threads").intValue(), (System.nanoTime() - readyAt) / 1e9, last, same >= 2);
        } finally {
            p.destroy(); // SIGTERM: the launcher's graceful stop (and the JVM writes a CDS archive / AOT cache asked for)
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
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

    /**
     * User + system CPU seconds of a live process so far ({@code /proc/<pid>/stat} fields 14 and 15, in clock ticks of
     * 1/100 s, Linux's USER_HZ): less sensitive to the machine's other load than the time to ready.
     */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
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
                median(of.stream().mapToDouble(Start::threads).toArray()),
                median(of.stream().mapToDouble(Start::cpuSeconds).toArray())};
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
