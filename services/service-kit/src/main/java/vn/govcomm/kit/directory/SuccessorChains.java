package vn.govcomm.kit.directory;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Merged and renamed agencies ({@code AgencyChanged.successorId}) as every reader of the directory follows them: an
 * agency's successor is the last agency of its chain. The directory keeps chains one step long, but a reader may hold
 * snapshots from before a re-pointing, so chains are followed, at most {@value #MAX_HOPS} links (a cycle, which the
 * directory refuses, ends there too).
 */
public final class SuccessorChains {

    public static final int MAX_HOPS = 8;

    private SuccessorChains() {
    }

    /**
     * The agencies among {@code agencyIds} that have a successor, mapped to the last agency of their chain.
     * {@code directSuccessors} answers, for a set of agency ids, the successor of each that has one (one read of the
     * reader's store, e.g. an {@code _id $in}); it is asked once per link of the longest chain.
     */
    public static Map<String, String> lastOf(Collection<String> agencyIds,
                                             Function<Set<String>, Map<String, String>> directSuccessors) {
        Map<String, String> next = new HashMap<>();
        Set<String> ask = new LinkedHashSet<>(agencyIds);
        for (int hop = 0; hop < MAX_HOPS && !ask.isEmpty(); hop++) {
            Map<String, String> found = directSuccessors.apply(ask);
            ask = new LinkedHashSet<>();
            for (Map.Entry<String, String> link : found.entrySet()) {
                String successor = link.getValue();
                if (successor != null && !successor.equals(link.getKey())) {
                    next.put(link.getKey(), successor);
                    if (!next.containsKey(successor)) {
                        ask.add(successor);
                    }
                }
            }
        }
        Map<String, String> last = new HashMap<>();
        for (String agencyId : agencyIds) {
            String at = agencyId;
            for (int hop = 0; hop < MAX_HOPS && next.containsKey(at); hop++) {
                at = next.get(at);
            }
            if (!at.equals(agencyId)) {
                last.put(agencyId, at);
            }
        }
        return last;
    }
}
