package vn.govcomm.reporting.timeline;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.reporting.projections.CampaignAgencies;
import vn.govcomm.reporting.projections.Predecessors;
import vn.govcomm.reporting.projections.ReadModels;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A campaign's deliveries over time for the console's charts, from its report rows in ONE aggregation
 * ({@code report_deliveries}, matched on {@code campaignId}: the index {@code campaign_rows}), with two facets:
 * <ul>
 *   <li>{@code series}: rows counted by the local time bucket of {@code statusAt} (the time of their latest status;
 *       hour or day in Asia/Ho_Chi_Minh), channel and status, so "how many deliveries reached their present status
 *       in that hour" and, summed, per channel;</li>
 *   <li>{@code groups}: rows counted by agency group and status (the directory's groups from {@code report_agencies},
 *       looked up per agency after grouping by agency, so once per agency, not per row; an agency in several groups
 *       counts in each, one in none under {@value #NO_GROUP});</li>
 *   <li>{@code successions}: rows counted by agency and {@code formerAgencyId}, so the agencies whose lines include
 *       rows moved from a merged or renamed agency name it ({@link Predecessors}).</li>
 * </ul>
 * Buckets are local times ({@code 2026-12-05T08:00} or {@code 2026-12-05}); the unit is asked for, or chosen from the
 * campaign's window: {@link #HOURLY_UP_TO} or shorter by hour, longer (or no window) by day.
 */
@Component
public class CampaignTimeline {

    static final String ZONE = "Asia/Ho_Chi_Minh";
    static final String NO_GROUP = "";
    static final Duration HOURLY_UP_TO = Duration.ofDays(3);

    enum Unit {
        HOUR("%Y-%m-%dT%H:00"), DAY("%Y-%m-%d");

        final String format;

        Unit(String format) {
            this.format = format;
        }

        String wire() {
            return name().toLowerCase();
        }
    }

    public record Timeline(String campaignId, String unit, String zone, List<Cell> series, List<GroupCell> groups,
                           List<Succession> successions) {
    }

    /** An agency whose deliveries include {@code moved} rows first attributed to its {@code predecessors}. */
    public record Succession(String agencyId, String name, Predecessors predecessors, long moved) {
    }

    /** Deliveries of one channel whose latest status is {@code status}, reached in the bucket starting at {@code bucket}. */
    public record Cell(String bucket, String channel, String status, long count) {
    }

    public record GroupCell(String group, String status, long count) {
    }

    private final MongoTemplate mongo;

    CampaignTimeline(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** {@code unit}: "hour", "day", or null (chosen from the window); anything else is 400 {@code validation-failed}. */
    public Timeline of(String campaignId, String unit) {
        Unit chosen = unit == null || unit.isBlank() ? byWindow(campaignId) : parse(unit);
        Document bucket = new Document("$dateToString", new Document("format", chosen.format)
                .append("date", "$statusAt").append("timezone", ZONE));
        List<Document> series = List.of(
                new Document("$group", new Document("_id", new Document("t", bucket).append("c", "$channel")
                        .append("s", "$status")).append("n", new Document("$sum", 1))));
        List<Document> groups = List.of(
                new Document("$group", new Document("_id", new Document("a", "$agencyId").append("s", "$status"))
                        .append("n", new Document("$sum", 1))),
                new Document("$lookup", new Document("from", ReadModels.AGENCIES).append("localField", "_id.a")
                        .append("foreignField", "_id").append("as", "d")),
                new Document("$unwind", new Document("path", "$d").append("preserveNullAndEmptyArrays", true)),
                new Document("$unwind", new Document("path", "$d.groups").append("preserveNullAndEmptyArrays", true)),
                new Document("$group", new Document("_id", new Document("g", "$d.groups").append("s", "$_id.s"))
                        .append("n", new Document("$sum", "$n"))));
        List<Document> moved = List.of(new Document("$group", new Document("_id", new Document("a", "$agencyId")
                .append("f", "$formerAgencyId")).append("n", new Document("$sum", 1))));
        List<Document> pipeline = List.of(
                new Document("$match", new Document("campaignId", campaignId)),
                new Document("$facet", new Document("series", series).append("groups", groups).append("moved", moved)));
        Document result = mongo.getCollection(ReadModels.DELIVERIES).aggregate(pipeline).first();
        List<Cell> cells = new ArrayList<>();
        List<GroupCell> groupCells = new ArrayList<>();
        Map<String, Map<String, Long>> movedFrom = new TreeMap<>();
        if (result != null) {
            for (Document d : result.getList("series", Document.class, List.of())) {
                Document id = d.get("_id", Document.class);
                if (id.getString("t") != null) { // a row without statusAt has no time to be drawn at
                    cells.add(new Cell(id.getString("t"), id.getString("c"), id.getString("s"), count(d)));
                }
            }
            for (Document d : result.getList("groups", Document.class, List.of())) {
                Document id = d.get("_id", Document.class);
                String group = id.getString("g");
                groupCells.add(new GroupCell(group == null ? NO_GROUP : group, id.getString("s"), count(d)));
            }
            for (Document d : result.getList("moved", Document.class, List.of())) {
                Document id = d.get("_id", Document.class);
                if (id.getString("f") != null && id.getString("a") != null) {
                    movedFrom.computeIfAbsent(id.getString("a"), a -> new TreeMap<>()).put(id.getString("f"), count(d));
                }
            }
        }
        cells.sort(Comparator.comparing(Cell::bucket).thenComparing(Cell::channel).thenComparing(Cell::status));
        groupCells.sort(Comparator.comparing(GroupCell::group).thenComparing(GroupCell::status));
        return new Timeline(campaignId, chosen.wire(), ZONE, cells, groupCells, successions(movedFrom));
    }

    /** Per successor (by id), its name and its predecessors as the directory knows them, with the rows moved. */
    private List<Succession> successions(Map<String, Map<String, Long>> movedFrom) {
        if (movedFrom.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(movedFrom.keySet());
        movedFrom.values().forEach(f -> ids.addAll(f.keySet()));
        Map<String, Document> directory = CampaignAgencies.byIds(mongo, ReadModels.AGENCIES, ids.stream().distinct().toList(),
                Predecessors.FIELDS);
        List<Succession> successions = new ArrayList<>();
        movedFrom.forEach((agencyId, former) -> {
            Document agency = directory.get(agencyId);
            successions.add(new Succession(agencyId, agency == null || agency.getString("name") == null ? agencyId
                    : agency.getString("name"), Predecessors.of(former.keySet().stream()
                    .map(f -> Predecessors.Predecessor.from(directory.getOrDefault(f, new Document("_id", f)))).toList()),
                    former.values().stream().mapToLong(Long::longValue).sum()));
        });
        return successions;
    }

    private Unit byWindow(String campaignId) {
        Query header = Query.query(Criteria.where("_id").is(campaignId));
        header.fields().include("window");
        Document campaign = mongo.findOne(header, Document.class, ReadModels.CAMPAIGNS);
        Document window = campaign == null ? null : campaign.get("window", Document.class);
        if (window == null) {
            return Unit.DAY;
        }
        try {
            OffsetDateTime starts = OffsetDateTime.parse(String.valueOf(window.get("startsAt")));
            OffsetDateTime ends = OffsetDateTime.parse(String.valueOf(window.get("endsAt")));
            return Duration.between(starts, ends).compareTo(HOURLY_UP_TO) <= 0 ? Unit.HOUR : Unit.DAY;
        } catch (DateTimeParseException e) {
            return Unit.DAY; // an open or unreadable window: days are the safe scale
        }
    }

    private static Unit parse(String unit) {
        for (Unit u : Unit.values()) {
            if (u.wire().equals(unit)) {
                return u;
            }
        }
        throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "Đơn vị thời gian không hợp lệ. / Invalid"
                + " time unit.", List.of(new ApiProblem.FieldProblem("unit", "invalid", "Chỉ nhận hour hoặc day",
                "Only hour or day")));
    }

    private static long count(Document d) {
        return ((Number) d.get("n")).longValue();
    }
}
