package vn.govcomm.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A process's CPU time by thread at one moment, read from Linux's {@code /proc/<pid>/task/<tid>/stat} (user + system,
 * in clock ticks). Two readings tell what a process spent a window on: the JIT, the garbage collector, the Kafka
 * clients, the HTTP server... Threads are grouped by name with their numbers taken out ({@code "GC Thread#1"} →
 * {@code "GC Thread#N"}; the kernel keeps the first 15 characters of a name). A thread that ended within the
 * window is not among the threads; its time is still in the process's total, shown as the rest.
 *
 * @param processTicks the whole process (its ended threads included)
 * @param threads      live threads: id → (group, ticks)
 */
record ThreadCpu(long processTicks, Map<String, Thread> threads) {

    record Thread(String group, long ticks) {
    }

    /**
     * Linux's USER_HZ, the unit of /proc's CPU times: 100 on every mainstream kernel (the ABI fixes it; the JDK assumes
     * it too when it reads a process's CPU time).
     */
    static final double TICKS_PER_SECOND = 100.0;

    /** The group of the threads that ended within the window (their time is only in the process's total). */
    static final String ENDED = "(threads ended in the window)";

    /** Null where there is no {@code /proc} or the process has gone. */
    static ThreadCpu of(long pid) {
        Path process = Path.of("/proc", String.valueOf(pid));
        String processStat = stat(process.resolve("stat"));
        Long total = processStat == null ? null : ticks(processStat);
        if (total == null) {
            return null;
        }
        Map<String, Thread> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(process.resolve("task"))) {
            tasks.forEach(task -> {
                String stat = stat(task.resolve("stat"));
                Long ticks = stat == null ? null : ticks(stat);
                if (ticks != null) { // the name is between the first '(' and the last ')'
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    threads.put(task.getFileName().toString(), new Thread(group(name), ticks));
                }
            });
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new ThreadCpu(total, threads);
    }

    /** Ticks per thread group from {@code from} to this reading, largest first; ended threads as {@link #ENDED}. */
    Map<String, Long> since(ThreadCpu from) {
        Map<String, Long> byGroup = new HashMap<>();
        long counted = 0;
        for (var e : threads.entrySet()) {
            Thread before = from.threads().get(e.getKey());
            long ticks = e.getValue().ticks() - (before == null ? 0 : before.ticks());
            byGroup.merge(e.getValue().group(), ticks, Long::sum);
            counted += ticks;
        }
        // the process's total also holds what the threads alive at the first reading had spent by then and what the
        // threads that ended since spent: the latter is the total's growth not found on a live thread
        long ended = processTicks - from.processTicks() - counted;
        if (ended > 0) {
            byGroup.put(ENDED, ended);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        byGroup.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Numbers after a separator or at the end out, so a pool's threads share a group ("C1 ..." keeps its 1). */
    static String group(String name) {
        return name.replaceAll("(?<=[-#_. ])[0-9]+|[0-9]+$", "N");
    }

    /** utime + stime of a stat line (fields 14 and 15, counted after the name in parentheses). */
    private static Long ticks(String stat) {
        try {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Null once the process or thread has gone. */
    private static String stat(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
