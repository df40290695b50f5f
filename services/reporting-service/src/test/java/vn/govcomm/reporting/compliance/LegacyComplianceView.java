package vn.govcomm.reporting.compliance;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.reporting.compliance.Compliance.AgencyRow;
import vn.govcomm.reporting.compliance.Compliance.Cell;
import vn.govcomm.reporting.compliance.Compliance.CellState;
import vn.govcomm.reporting.compliance.Compliance.Reason;
import vn.govcomm.reporting.compliance.Compliance.State;
import vn.govcomm.reporting.projections.ReadModels;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Benchmark only: the compliance grid as it was built before per-agency documents (commit 3b0981f): the
 * campaign's targets and every delivery row of the campaign. Kept so {@code ReportBenchmark} can time both.
 */
public class LegacyComplianceView {

    private final MongoTemplate mongo;
    private final ComplianceSettings settings;

    public LegacyComplianceView(MongoTemplate mongo, ComplianceSettings settings) {
        this.mongo = mongo;
        this.settings = settings;
    }

    public Compliance of(String campaignId, Instant asOf) {
        Document campaign = mongo.findById(campaignId, Document.class, ReadModels.CAMPAIGNS);
        if (campaign == null || campaign.get("targets") == null) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "campaign-not-found",
                    "Chưa nhận được kế hoạch phát hành của chiến dịch " + campaignId
                            + ". / The campaign's schedule has not been received: " + campaignId + ".");
        }
        boolean cancelled = "CANCELLED".equals(campaign.getString("status"));
        Document window = campaign.get("window", Document.class);
        Instant windowEnds = window == null ? null : instant(window.getString("endsAt"));
        Instant start = campaign.getString("publishAt") != null ? instant(campaign.getString("publishAt"))
                : window == null ? null : instant(window.getString("startsAt"));
        Instant due = start == null ? windowEnds : start.plus(settings.grace());
        if (due != null && windowEnds != null && windowEnds.isBefore(due)) {
            due = windowEnds;
        }
        boolean pastDue = !cancelled && due != null && asOf.isAfter(due);

        Map<String, Set<String>> required = new LinkedHashMap<>();
        for (Document target : campaign.getList("targets", Document.class)) {
            required.put(target.getString("agencyId"), new LinkedHashSet<>(target.getList("channels", String.class)));
        }
        Map<String, Map<String, List<Document>>> rows = new TreeMap<>();
        Query query = Query.query(Criteria.where("campaignId").is(campaignId));
        query.fields().include("agencyId", "channel", "status", "reasonCode", "reason", "endpointId");
        for (Document row : mongo.find(query, Document.class, ReadModels.DELIVERIES)) {
            rows.computeIfAbsent(row.getString("agencyId"), a -> new HashMap<>())
                    .computeIfAbsent(row.getString("channel"), c -> new ArrayList<>()).add(row);
        }
        Set<String> agencyIds = new LinkedHashSet<>(required.keySet());
        agencyIds.addAll(rows.keySet());
        Map<String, Document> directory = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(agencyIds)), Document.class, ReadModels.AGENCIES)
                .forEach(a -> directory.put(a.getString("_id"), a));
        Set<String> channels = new TreeSet<>(ReadModels.CHANNEL_ORDER);
        required.values().forEach(channels::addAll);

        List<AgencyRow> agencies = new ArrayList<>();
        int complied = 0, nonCompliant = 0, inProgress = 0, requiredCells = 0, publishedCells = 0, overdueCells = 0, failedCells = 0;
        for (String agencyId : agencyIds) {
            Set<String> requiredHere = required.getOrDefault(agencyId, Set.of());
            Map<String, List<Document>> byChannel = rows.getOrDefault(agencyId, Map.of());
            Map<String, Cell> cells = new LinkedHashMap<>();
            List<Reason> reasons = new ArrayList<>();
            boolean allPublished = true, anyBad = false;
            for (String channel : channels) {
                List<Document> deliveries = byChannel.getOrDefault(channel, List.of());
                boolean isRequired = requiredHere.contains(channel);
                Cell cell = cell(channel, isRequired, deliveries, cancelled, pastDue, reasons);
                cells.put(channel, cell);
                if (isRequired) {
                    requiredCells++;
                    publishedCells += cell.published() ? 1 : 0;
                    overdueCells += cell.overdue() ? 1 : 0;
                    failedCells += cell.failed() ? 1 : 0;
                    allPublished &= cell.published();
                    anyBad |= cell.failed() || cell.overdue();
                }
            }
            State state = requiredHere.isEmpty() ? State.NOT_REQUIRED
                    : allPublished ? State.COMPLIED : anyBad ? State.NON_COMPLIANT : State.IN_PROGRESS;
            switch (state) {
                case COMPLIED -> complied++;
                case NON_COMPLIANT -> nonCompliant++;
                case IN_PROGRESS -> inProgress++;
                case NOT_REQUIRED -> { }
            }
            Document agency = directory.get(agencyId);
            agencies.add(new AgencyRow(agencyId, agency == null ? agencyId : agency.getString("name"),
                    vn.govcomm.reporting.projections.Predecessors.NONE,
                    agency == null ? null : agency.getString("type"),
                    agency == null ? List.of() : agency.getList("groups", String.class, List.of()), state, cells,
                    state == State.COMPLIED ? List.of() : reasons, vn.govcomm.reporting.projections.Reminders.NONE));
        }
        return new Compliance(campaignId, campaign.getString("code"), campaign.getString("title"),
                campaign.getString("status"), asOf, due, windowEnds, windowEnds, List.copyOf(channels),
                new Compliance.Totals(required.size(), complied, nonCompliant, inProgress, requiredCells, publishedCells,
                        overdueCells, failedCells),
                agencies, agencies.stream().filter(a -> a.state() == State.NON_COMPLIANT).toList());
    }

    private static Cell cell(String channel, boolean required, List<Document> deliveries, boolean campaignCancelled,
                             boolean pastDue, List<Reason> reasons) {
        Map<String, Long> byStatus = new TreeMap<>();
        boolean published = false, failed = false, allCancelled = !deliveries.isEmpty();
        for (Document d : deliveries) {
            DeliveryStatus status = DeliveryStatus.valueOf(d.getString("status"));
            byStatus.merge(status.name(), 1L, Long::sum);
            published |= status.isAchieved();
            failed |= status == DeliveryStatus.FAILED;
            allCancelled &= status == DeliveryStatus.CANCELLED;
        }
        if (!required) {
            return new Cell(false, published, false, false, CellState.NOT_REQUIRED, byStatus);
        }
        if (published) {
            return new Cell(true, true, false, false, CellState.PUBLISHED, byStatus);
        }
        if (campaignCancelled || allCancelled) {
            return new Cell(true, false, false, false, CellState.CANCELLED, byStatus);
        }
        boolean overdue = pastDue;
        if (failed) {
            for (Document d : deliveries) {
                if (DeliveryStatus.FAILED.name().equals(d.getString("status"))) {
                    String code = d.getString("reasonCode") == null ? "FAILED" : d.getString("reasonCode");
                    String message = d.getString("reason") == null ? "Kênh báo gửi thất bại, không có lý do chi tiết."
                            : d.getString("reason");
                    reasons.add(new Reason(channel, code, message, d.getString("reason") == null
                            ? "The channel reported a failure without details." : d.getString("reason"),
                            d.getString("endpointId")));
                }
            }
        } else if (overdue && deliveries.isEmpty()) {
            reasons.add(new Reason(channel, "NO_DELIVERY",
                    "Quá hạn: chưa có lượt phát hành nào trên kênh này (cơ quan chưa khai báo kênh hoặc chưa được gửi).",
                    "Overdue: nothing was ever sent on this channel (no endpoint registered, or not dispatched).", null));
        } else if (overdue) {
            String furthest = deliveries.stream().map(d -> DeliveryStatus.valueOf(d.getString("status")))
                    .max(java.util.Comparator.comparingInt(DeliveryStatus::rank)).orElseThrow().name();
            reasons.add(new Reason(channel, "OVERDUE",
                    "Quá hạn: kênh chưa xác nhận đã đăng (trạng thái hiện tại " + furthest + ").",
                    "Overdue: the channel has not confirmed publication (currently " + furthest + ").", null));
        }
        CellState state = failed ? CellState.FAILED : overdue ? CellState.OVERDUE : CellState.PENDING;
        return new Cell(true, false, overdue, failed, state, byStatus);
    }

    private static Instant instant(String value) {
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }
}
