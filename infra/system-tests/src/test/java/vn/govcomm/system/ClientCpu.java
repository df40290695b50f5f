package vn.govcomm.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The measuring loop of the client-cost benchmarks ({@link HttpClientCost}, {@link StoreClientCost}): every way of
 * calling is warmed up, then runs once per round ({@code threads} callers, {@code calls} calls each), the order
 * reversed every other round; its CPU per call is this JVM's CPU over the run ({@link ThreadCpu}) without the threads
 * that serve the calls (the local server's), divided by the calls.
 */
final class ClientCpu {

    /**
     * One call of {@code way} by caller number {@code caller}; {@code sequence} counts that caller's calls over every run
     * (warm-up included). False: the call went wrong, the benchmark stops.
     */
    interface Call<W> {
        boolean call(W way, int caller, long sequence);
    }

    private ClientCpu() {
    }

    /** Warms up, measures and prints one line per way: its µs of client CPU per call in each round. */
    static <W> void measureAndPrint(String whatIsCalled, Map<String, W> ways, int threads, int calls, int rounds,
                                    Predicate<String> serving, Call<W> call) throws InterruptedException {
        long[] sequences = new long[threads];
        for (W way : ways.values()) {
            run(way, threads, Math.max(1, calls / 4), sequences, call); // warm-up: the JIT compiles each way's path
        }
        Map<String, List<Double>> micros = new LinkedHashMap<>();
        ways.keySet().forEach(name -> micros.put(name, new ArrayList<>()));
        long pid = ProcessHandle.current().pid();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(ways.keySet());
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (String name : order) {
                ThreadCpu before = ThreadCpu.of(pid);
                run(ways.get(name), threads, calls, sequences, call);
                long client = ThreadCpu.of(pid).since(before).entrySet().stream()
                        .filter(group -> !serving.test(group.getKey())).mapToLong(Map.Entry::getValue).sum();
                micros.get(name).add(client * 1e6 / ThreadCpu.TICKS_PER_SECOND / ((double) threads * calls));
            }
        }
        System.out.printf("%d callers × %,d %s per way and round, %d rounds; client CPU µs per call (each round; the "
                + "serving threads excluded)%n", threads, calls, whatIsCalled, rounds);
        int width = ways.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        micros.forEach((name, values) -> System.out.printf("%-" + width + "s %s%n", name,
                values.stream().map(v -> String.format("%6.0f", v)).toList()));
    }

    private static <W> void run(W way, int threads, int calls, long[] sequences, Call<W> call) throws InterruptedException {
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int caller = t;
            callers.add(Thread.ofPlatform().name("caller-" + t).start(() -> {
                for (int i = 0; i < calls; i++) {
                    if (!call.call(way, caller, sequences[caller]++)) {
                        throw new IllegalStateException("a call went wrong");
                    }
                }
            }));
        }
        for (Thread caller : callers) {
            caller.join(); // also makes the callers' sequence numbers visible to the next run
        }
    }
}
