package vn.govcomm.reporting.projections;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.reporting.projections.Predecessors.Predecessor;
import vn.govcomm.reporting.projections.SuccessionsTests.Stack;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The predecessors the reports name: when the directory replica says an agency was succeeded (the first snapshot
 * naming a successor, kept along a re-pointed chain, gone when undone), who an agency's predecessors are (back along
 * chains, a cycle ending), and the one wording of them.
 */
class PredecessorsTests {

    static final Instant MERGED = Instant.parse("2025-02-28T17:30:00Z"); // 01/03/2025 00:30 in Asia/Ho_Chi_Minh

    @Test
    void namesPredecessorsOldestFirstWithTheirKindAndDayInVietnam() {
        Predecessors p = Predecessors.of(List.of(
                new Predecessor("b", "Phòng B", Instant.parse("2025-07-01T00:00:00Z"), "RENAMED"),
                new Predecessor("a", "Sở Nông nghiệp và PTNT", MERGED, "MERGED"), new Predecessor("c", "Phòng C", null, null),
                new Predecessor("d", "Phòng D", Instant.parse("2025-08-01T00:00:00Z"), null)));
        assertThat(p.agencies()).extracting(Predecessor::agencyId).containsExactly("a", "b", "d", "c");
        assertThat(p.text()).isEqualTo("gồm cả: Sở Nông nghiệp và PTNT (đã sáp nhập 01/03/2025); "
                + "Phòng B (đã đổi tên 01/07/2025); Phòng D (đã sáp nhập/đổi tên 01/08/2025); Phòng C (đã sáp nhập/đổi tên)");
        assertThat(p.textEn()).isEqualTo("includes: Sở Nông nghiệp và PTNT (merged 01/03/2025); "
                + "Phòng B (renamed 01/07/2025); Phòng D (merged/renamed 01/08/2025); Phòng C (merged/renamed)");
        assertThat(Predecessors.NONE.text()).isEmpty();
        assertThat(Predecessors.NONE.textEn()).isEmpty();
    }

    @Test
    void theReplicaKeepsTheFirstSuccessionTimeAlongAChainAndDropsItWhenUndone() {
        Stack stack = Stack.of("predecessors-times");
        stack.snapshot("a", null, MERGED.minusSeconds(86400));
        stack.snapshot("b", null, MERGED.minusSeconds(86400));
        stack.snapshot("c", null, MERGED.minusSeconds(86400));
        assertThat(succeededAt(stack, "a")).isNull();
        stack.snapshot("a", "b", MERGED);
        assertThat(succeededAt(stack, "a")).isEqualTo(MERGED);
        stack.snapshot("a", "b", MERGED.plusSeconds(3600)); // republished (an edit): still merged at MERGED
        stack.snapshot("b", "c", MERGED.plusSeconds(7200));
        stack.snapshot("a", "c", MERGED.plusSeconds(7200)); // re-pointed to the end of the chain
        assertThat(succeededAt(stack, "a")).isEqualTo(MERGED);
        assertThat(succeededAt(stack, "b")).isEqualTo(MERGED.plusSeconds(7200));

        Predecessors ofC = Predecessors.lineage(stack.mongo()).of("c");
        assertThat(ofC.agencies()).extracting(Predecessor::agencyId, Predecessor::name, Predecessor::succeededAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "Tên a", MERGED),
                        org.assertj.core.groups.Tuple.tuple("b", "Tên b", MERGED.plusSeconds(7200)));
        assertThat(Predecessors.lineage(stack.mongo()).of("a")).isEqualTo(Predecessors.NONE);

        stack.snapshot("a", null, MERGED.plusSeconds(9000)); // the merger undone
        assertThat(succeededAt(stack, "a")).isNull();
        assertThat(Predecessors.lineage(stack.mongo()).of("c").agencies()).extracting(Predecessor::agencyId).containsExactly("b");
    }

    @Test
    void theDirectorysKindAndLegalDateWinOverTheSnapshotsTime() {
        Stack stack = Stack.of("predecessors-kinds");
        Instant published = MERGED.plusSeconds(30 * 86400); // the directory published it a month after the legal date
        Document renamed = new Document("agencyId", "a").append("name", "Tên a").append("active", false)
                .append("endpoints", List.of()).append("successorId", "b").append("provinceId", "khanh-hoa")
                .append("successionKind", "RENAMED").append("succeededAt", MERGED.toString());
        stack.campaigns().onAgencyChanged(Decoded.as(AgencyChanged.class, renamed), published);
        stack.snapshot("x", "b", published); // an older snapshot: neither kind nor date

        Document a = stack.mongo().findById("a", Document.class, ReadModels.AGENCIES);
        assertThat(a.getString("successionKind")).isEqualTo("RENAMED");
        assertThat(a.getString("provinceId")).isEqualTo("khanh-hoa");
        assertThat(succeededAt(stack, "a")).isEqualTo(MERGED);
        assertThat(succeededAt(stack, "x")).isEqualTo(published);
        assertThat(Predecessors.lineage(stack.mongo()).of("b").text())
                .isEqualTo("gồm cả: Tên a (đã đổi tên 01/03/2025); Tên x (đã sáp nhập/đổi tên 31/03/2025)");

        // undone: neither kind nor date stays
        stack.campaigns().onAgencyChanged(Decoded.as(AgencyChanged.class, new Document(renamed).append("active", true)
                .append("successorId", null).append("successionKind", null).append("succeededAt", null)), published.plusSeconds(60));
        assertThat(succeededAt(stack, "a")).isNull();
        assertThat(stack.mongo().findById("a", Document.class, ReadModels.AGENCIES).getString("successionKind")).isNull();
    }

    @Test
    void aChainIsFollowedBackAndACycleEnds() {
        Stack stack = Stack.of("predecessors-chains");
        stack.snapshot("x", "y", MERGED);
        stack.snapshot("w", "x", MERGED.minusSeconds(60)); // a stale link: w → x → y
        stack.snapshot("y", "x", MERGED.plusSeconds(60)); // a cycle the directory would refuse
        assertThat(Predecessors.lineage(stack.mongo()).of("y").agencies()).extracting(Predecessor::agencyId)
                .containsExactly("w", "x");
        assertThat(Predecessors.lineage(stack.mongo()).of("x").agencies()).extracting(Predecessor::agencyId)
                .containsExactly("w", "y");
    }

    private static Instant succeededAt(Stack stack, String agencyId) {
        Document agency = stack.mongo().findById(agencyId, Document.class, ReadModels.AGENCIES);
        return agency.getDate(Predecessors.SUCCEEDED_AT) == null ? null : agency.getDate(Predecessors.SUCCEEDED_AT).toInstant();
    }
}
