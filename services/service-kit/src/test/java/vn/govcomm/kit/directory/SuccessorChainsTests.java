package vn.govcomm.kit.directory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SuccessorChainsTests {

    /** A directory of direct successors; counts the reads. */
    final Map<String, String> directory = new HashMap<>();
    final List<Set<String>> reads = new ArrayList<>();

    Map<String, String> read(Set<String> ids) {
        reads.add(Set.copyOf(ids));
        Map<String, String> found = new HashMap<>();
        ids.forEach(id -> {
            if (directory.containsKey(id)) {
                found.put(id, directory.get(id));
            }
        });
        return found;
    }

    @Test
    void eachAgencyMapsToTheLastOfItsChainAndAgenciesWithoutSuccessorAreLeftOut() {
        directory.put("so-ke-hoach-dau-tu", "so-tai-chinh");
        directory.put("a", "b");
        directory.put("b", "c");

        Map<String, String> last = SuccessorChains.lastOf(List.of("so-ke-hoach-dau-tu", "a", "so-y-te"), this::read);

        assertThat(last).containsExactlyInAnyOrderEntriesOf(Map.of("so-ke-hoach-dau-tu", "so-tai-chinh", "a", "c"));
        assertThat(reads).as("one read per link of the longest chain, then one that finds nothing")
                .containsExactly(Set.of("so-ke-hoach-dau-tu", "a", "so-y-te"), Set.of("so-tai-chinh", "b"), Set.of("c"));
    }

    @Test
    void aCycleOrAnEndlessChainStopsAfterTheLimit() {
        directory.put("x", "y");
        directory.put("y", "x");
        for (int i = 0; i < 20; i++) {
            directory.put("n" + i, "n" + (i + 1));
        }

        Map<String, String> last = SuccessorChains.lastOf(List.of("x", "n0"), this::read);

        assertThat(reads).hasSizeLessThanOrEqualTo(SuccessorChains.MAX_HOPS);
        assertThat(last.get("n0")).isEqualTo("n" + SuccessorChains.MAX_HOPS);
    }

    @Test
    void anAgencyNamedAsItsOwnSuccessorHasNone() {
        directory.put("a", "a");

        assertThat(SuccessorChains.lastOf(List.of("a"), this::read)).isEmpty();
    }
}
