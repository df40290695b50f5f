package vn.govcomm.reporting.compliance;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.Channels;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.reporting.compliance.Compliance.AgencyRow;
import vn.govcomm.reporting.compliance.Compliance.Cell;
import vn.govcomm.reporting.compliance.Compliance.CellState;
import vn.govcomm.reporting.compliance.Compliance.Reason;
import vn.govcomm.reporting.compliance.Compliance.State;
import vn.govcomm.reporting.projections.CampaignAgencies;
import vn.govcomm.reporting.projections.Predecessors;
import vn.govcomm.reporting.projections.ReadModels;
import vn.govcomm.reporting.projections.Reminders;
import vn.govcomm.reporting.reports.CampaignReports;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds {@link Compliance} from the campaign's header, its per-agency documents (plan and counts, maintained by
 * the projections) and the agency directory, all read by id: no delivery row is read.
 */
@Component
public class ComplianceView {

    private final MongoTemplate mongo;
    private final ComplianceSettings settings;

    ComplianceView(MongoTemplate mongo, ComplianceSettings settings) {
        this.mongo = mongo;
        this.settings = settings;
    }

    public Compliance of(String campaignId, Instant asOf) {
        Document campaign = ReadModels.campaignHeader(mongo, campaignId);
        boolean cancelled = ReadModels.isCancelled(campaign.getString("status"));
        Document window = campaign.get("window", Document.class);
        Instant windowEnds = window == null ? null : instant(window.getString("endsAt"));
        Instant start = campaign.getString("publishAt") != null ? instant(campaign.getString("publishAt"))
                : window == null ? null : instant(window.getString("startsAt"));
        Instant due = start == null ? windowEnds : start.plus(settings.grace());
        if (due != null && windowEnds != null && windowEnds.isBefore(due)) {
            due = windowEnds;
        }
        boolean pastDue = !cancelled && due != null && asOf.isAfter(due);
        // A manual channel is the agency's own work (notice board, loudspeaker, ...): it has until the deadline.
        Instant deadline = campaign.getDate("dueBy") != null ? campaign.getDate("dueBy").toInstant() : windowEnds;
        boolean pastDeadline = !cancelled && deadline != null && asOf.isAfter(deadline);

        // Targets in plan order, then agencies with deliveries but not in the plan, by id.
        List<Document> perAgency = new ArrayList<>(CampaignAgencies.documents(mongo, campaignId,
                CampaignAgencies.ids(mongo, campaignId)).stream().filter(CampaignReports::listed).toList());
        perAgency.sort(Comparator.comparing((Document d) -> d.getInteger("planIndex", Integer.MAX_VALUE))
                .thenComparing(d -> d.getString("agencyId")));
        Map<String, Document> directory = CampaignAgencies.byIds(mongo, ReadModels.AGENCIES,
                perAgency.stream().map(d -> d.getString("agencyId")).toList(), "name", "type", "groups");
        Predecessors.Lineage lineage = Predecessors.lineage(mongo);
        Set<String> channels = new TreeSet<>(ReadModels.CHANNEL_ORDER); // only those the plan uses
        perAgency.forEach(d -> channels.addAll(d.getList("required", String.class, List.of())));

        List<AgencyRow> agencies = new ArrayList<>();
        int targets = 0, complied = 0, nonCompliant = 0, inProgress = 0, requiredCells = 0, publishedCells = 0,
                overdueCells = 0, failedCells = 0;
        for (Document doc : perAgency) {
            String agencyId = doc.getString("agencyId");
            targets += doc.containsKey("required") ? 1 : 0;
            Set<String> requiredHere = new LinkedHashSet<>(doc.getList("required", String.class, List.of()));
            Map<String, Map<String, Long>> counts = CampaignReports.byChannel(doc);
            Map<String, List<Document>> failures = new HashMap<>();
            Document stored = doc.get("failures", Document.class);
            if (stored != null) {
                stored.values().stream().map(Document.class::cast)
                        .sorted(Comparator.comparing((Document f) -> f.getString("deliveryId")))
                        .forEach(f -> failures.computeIfAbsent(f.getString("channel"), c -> new ArrayList<>()).add(f));
            }
            Map<String, Cell> cells = new LinkedHashMap<>();
            List<Reason> reasons = new ArrayList<>();
            boolean allPublished = true, anyBad = false;
            for (String channel : channels) {
                boolean isRequired = requiredHere.contains(channel);
                Cell cell = cell(channel, isRequired, counts.getOrDefault(channel, Map.of()),
                        failures.getOrDefault(channel, List.of()), cancelled,
                        Channels.MANUAL.equals(channel) ? pastDeadline : pastDue, reasons);
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
            agencies.add(new AgencyRow(agencyId, agency == null ? agencyId : agency.getString("name"), lineage.of(agencyId),
                    agency == null ? null : agency.getString("type"),
                    agency == null ? List.of() : agency.getList("groups", String.class, List.of()), state, cells,
                    state == State.COMPLIED ? List.of() : reasons, Reminders.of(doc)));
        }
        return new Compliance(campaignId, campaign.getString("code"), campaign.getString("title"),
                campaign.getString("status"), asOf, due, windowEnds, deadline, List.copyOf(channels),
                new Compliance.Totals(targets, complied, nonCompliant, inProgress, requiredCells, publishedCells,
                        overdueCells, failedCells),
                agencies, agencies.stream().filter(a -> a.state() == State.NON_COMPLIANT).toList());
    }

    /**
     * One cell from the agency's counts on the channel ({@code byStatus}: several LED screens make several
     * deliveries) and the failures recorded for its deliveries there.
     */
    private static Cell cell(String channel, boolean required, Map<String, Long> counts, List<Document> failures,
                             boolean campaignCancelled, boolean pastDue, List<Reason> reasons) {
        Map<String, Long> byStatus = new TreeMap<>(counts);
        boolean published = false, failed = false, allCancelled = !byStatus.isEmpty();
        for (String name : byStatus.keySet()) {
            DeliveryStatus status = DeliveryStatus.valueOf(name);
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
            for (Document d : failures) {
                ReasonWords.Words words = ReasonWords.failed(d.getString("reasonCode"), d.getString("reason"));
                reasons.add(new Reason(channel, words.code(), words.vi(), words.en(), d.getString("endpointId")));
            }
        } else if (overdue && byStatus.isEmpty()) {
            ReasonWords.Words none = ReasonWords.noDelivery();
            reasons.add(new Reason(channel, none.code(), "Quá hạn: " + lowerFirst(none.vi()), "Overdue: " + lowerFirst(none.en()), null));
        } else if (overdue) {
            String furthest = byStatus.keySet().stream().map(DeliveryStatus::valueOf)
                    .max(Comparator.comparingInt(DeliveryStatus::rank)).orElseThrow().name();
            reasons.add(new Reason(channel, "OVERDUE",
                    "Quá hạn: kênh chưa xác nhận đã đăng (trạng thái hiện tại " + furthest + ").",
                    "Overdue: the channel has not confirmed publication (currently " + furthest + ").", null));
        }
        CellState state = failed ? CellState.FAILED : overdue ? CellState.OVERDUE : CellState.PENDING;
        return new Cell(true, false, overdue, failed, state, byStatus);
    }

    private static String lowerFirst(String sentence) {
        return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    private static Instant instant(String value) {
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }
}
