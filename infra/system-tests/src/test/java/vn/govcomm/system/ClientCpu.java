package vn.govcomm.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The measuring loop of the client-cost benchmarks ({@link HttpClientCost}, {@link StoreClientCost}): each way of
 * calling runs once per round, the order reversed every other round, and its CPU per call is this JVM's CPU over the
 * run ({@link ThreadCpu}) without the threads that serve the calls (the local server's), divided by the calls.
 */
final class ClientCpu {

    /** One run of {@code way}: a fixed number of calls. */
    interface Run<W> {
        void calls(W way) throws InterruptedException;
    }

    private ClientCpu() {
    }

    /**
     * Warms every way up ({@code warmUp}: the JIT compiles each path), measures them ({@link #microsPerCall}) and prints
     * {@code heading} and one line per way: its µs of client CPU per call in each round.
     */
    static <W> void measureAndPrint(String heading, Map<String, W> ways, int rounds, long callsPerRun,
                                    Predicate<String> serving, Run<W> warmUp, Run<W> run) throws InterruptedException {
        for (W way : ways.values()) {
            warmUp.calls(way);
        }
        Map<String, List<Double>> micros = microsPerCall(ways, rounds, callsPerRun, serving, run);
        int width = ways.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        System.out.println(heading);
        micros.forEach((name, values) -> System.out.printf("%-" + width + "s %s%n", name,
                values.stream().map(v -> String.format("%6.0f", v)).toList()));
    }

    /** µs of client CPU per call, per way (in the map's order), one value per round. */
    static <W> Map<String, List<Double>> microsPerCall(Map<String, W> ways, int rounds, long callsPerRun,
                                                       Predicate<String> serving, Run<W> run) throws InterruptedException {
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
                run.calls(ways.get(name));
                long client = ThreadCpu.of(pid).since(before).entrySet().stream()
                        .filter(group -> !serving.test(group.getKey())).mapToLong(Map.Entry::getValue).sum();
                micros.get(name).add(client * 1e6 / ThreadCpu.TICKS_PER_SECOND / callsPerRun);
            }
        }
        return micros;
    }
}
