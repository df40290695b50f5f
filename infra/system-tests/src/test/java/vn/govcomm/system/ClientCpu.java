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
