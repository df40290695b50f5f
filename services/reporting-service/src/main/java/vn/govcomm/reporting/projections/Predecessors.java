package vn.govcomm.reporting.projections;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.govcomm.kit.directory.SuccessorChains;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agencies merged into or renamed to an agency, whose history its report rows include (the directory's
 * {@code successorId}, followed back along chains: A → B → C gives C both), as every report names them: the one home
 * of that wording. {@code text}/{@code textEn} is the line the reports show, e.g. "gồm cả: Sở Nông nghiệp và PTNT
 * (đã sáp nhập 01/03/2025)" / "includes: Sở Nông nghiệp và PTNT (merged 01/03/2025)", "đã đổi tên" / "renamed" for a
 * renaming, empty when there is none (dates dd/MM/yyyy in Asia/Ho_Chi_Minh).
 *
 * <p>Kind and date come from {@code AgencyChanged}'s {@code successionKind} and {@code succeededAt} (the directory's
 * own). Snapshots from before those existed say neither: such a predecessor reads "đã sáp nhập/đổi tên" and its date is
 * the time of the first directory snapshot that named a successor ({@link CampaignProjection#onAgencyChanged}); no date
 * for agencies stored before even that was kept.
 */
public record Predecessors(List<Predecessor> agencies, String text, String textEn) {

    /** The field of {@value ReadModels#AGENCIES} with the time the agency was succeeded (CampaignProjection). */
    public static final String SUCCEEDED_AT = "succeededAt";
    /** The field of {@value ReadModels#AGENCIES} with how the agency was succeeded (MERGED, RENAMED; absent: unknown). */
    public static final String SUCCESSION_KIND = "successionKind";
    /** The fields of {@value ReadModels#AGENCIES} a {@link Predecessor} is read from (besides {@code _id}). */
    public static final String[] FIELDS = {"name", SUCCEEDED_AT, SUCCESSION_KIND};
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(ZoneId.of("Asia/Ho_Chi_Minh"));
    public static final Predecessors NONE = of(List.of());

    /** One predecessor; {@code succeededAt} and {@code kind} ("MERGED", "RENAMED") null when not known. */
    public record Predecessor(String agencyId, String name, Instant succeededAt, String kind) {

        /** From its {@value ReadModels#AGENCIES} document ({@link #FIELDS}). */
        public static Predecessor from(Document agency) {
            Date at = agency.getDate(SUCCEEDED_AT);
            String name = agency.getString("name");
            return new Predecessor(agency.getString("_id"), name == null ? agency.getString("_id") : name,
                    at == null ? null : at.toInstant(), agency.getString(SUCCESSION_KIND));
        }

        /** "Sở Nông nghiệp và PTNT (đã sáp nhập 01/03/2025)": one delivery row's former agency. */
        public String label() {
            String what = switch (kind == null ? "" : kind) {
                case "MERGED" -> "đã sáp nhập";
                case "RENAMED" -> "đã đổi tên";
                default -> "đã sáp nhập/đổi tên";
            };
            return name + " (" + what + (succeededAt == null ? "" : " " + DAY.format(succeededAt)) + ")";
        }

        String labelEn() {
            String what = switch (kind == null ? "" : kind) {
                case "MERGED" -> "merged";
                case "RENAMED" -> "renamed";
                default -> "merged/renamed";
            };
            return name + " (" + what + (succeededAt == null ? "" : " " + DAY.format(succeededAt)) + ")";
        }
    }

    /** Oldest succession first, then by name. */
    public static Predecessors of(List<Predecessor> agencies) {
        List<Predecessor> sorted = agencies.stream().sorted(Comparator.comparing(Predecessor::succeededAt,
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Predecessor::name)).toList();
        return new Predecessors(sorted,
                sorted.isEmpty() ? "" : "gồm cả: " + String.join("; ", sorted.stream().map(Predecessor::label).toList()),
                sorted.isEmpty() ? "" : "includes: " + String.join("; ", sorted.stream().map(Predecessor::labelEn).toList()));
    }

    /**
     * Every agency's predecessors, from one read of the agencies that have a successor (index {@code successor_of};
     * mergers are a small part of the directory), so a report asks once whatever number of rows it has.
     */
    public static Lineage lineage(MongoTemplate mongo) {
        Query succeeded = Query.query(Criteria.where("successorId").ne(null));
        succeeded.fields().include(FIELDS).include("successorId");
        Map<String, List<Document>> bySuccessor = new HashMap<>();
        mongo.find(succeeded, Document.class, ReadModels.AGENCIES)
                .forEach(a -> bySuccessor.computeIfAbsent(a.getString("successorId"), s -> new ArrayList<>()).add(a));
        return new Lineage(bySuccessor);
    }

    /** The directory's successions as read once for a report. */
    public static final class Lineage {

        private final Map<String, List<Document>> bySuccessor;

        private Lineage(Map<String, List<Document>> bySuccessor) {
            this.bySuccessor = bySuccessor;
        }

        /** The agency's predecessors, back along chains at most {@link SuccessorChains#MAX_HOPS} links (a cycle ends). */
        public Predecessors of(String agencyId) {
            if (bySuccessor.isEmpty()) {
                return NONE;
            }
            Set<String> seen = new LinkedHashSet<>(List.of(agencyId));
            List<Predecessor> found = new ArrayList<>();
            List<String> level = List.of(agencyId);
            for (int hop = 0; hop < SuccessorChains.MAX_HOPS && !level.isEmpty(); hop++) {
                List<String> next = new ArrayList<>();
                for (String successor : level) {
                    for (Document predecessor : bySuccessor.getOrDefault(successor, List.of())) {
                        if (seen.add(predecessor.getString("_id"))) {
                            found.add(Predecessor.from(predecessor));
                            next.add(predecessor.getString("_id"));
                        }
                    }
                }
                level = next;
            }
            return found.isEmpty() ? NONE : Predecessors.of(found);
        }
    }
}
