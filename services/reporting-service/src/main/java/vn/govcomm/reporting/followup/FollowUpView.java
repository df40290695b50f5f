package vn.govcomm.reporting.followup;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.reporting.compliance.ReasonWords;
import vn.govcomm.reporting.exports.Labels;
import vn.govcomm.reporting.followup.FollowUp.Agency;
import vn.govcomm.reporting.followup.FollowUp.Gap;
import vn.govcomm.reporting.projections.CampaignAgencies;
import vn.govcomm.reporting.projections.Predecessors;
import vn.govcomm.reporting.projections.ReadModels;
import vn.govcomm.reporting.projections.Reminders;
import vn.govcomm.reporting.reports.ReportAccess;
import vn.govcomm.reporting.reports.CampaignReports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds {@link FollowUp} and {@link PeriodFollowUp} from the read models: the campaign header, its per-agency
 * documents (plan, counts by channel and status, delivery ids, reminders; read by id like the compliance grid)
 * and, only for the channels not complied with, those delivery rows (by id, for their latest status and reason).
 */
@Component
public class FollowUpView {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final MongoTemplate mongo;
    private final FollowUpSettings settings;

    FollowUpView(MongoTemplate mongo, FollowUpSettings settings) {
        this.mongo = mongo;
        this.settings = settings;
    }

    /** One campaign's follow-up; 404 {@code campaign-not-found} until its schedule has been received. */
    public FollowUp of(String campaignId, Instant asOf) {
        Document campaign = ReadModels.campaignHeader(mongo, campaignId);
        return build(campaign, asOf, Predecessors.lineage(mongo));
    }

    /**
     * The follow-up of every campaign due in [{@code from}, {@code to}] (whole days in Asia/Ho_Chi_Minh) of the
     * issuing agencies {@code coverage} holds (one, a province's, all), cancelled campaigns left out. 400 {@code invalid-period} for a
     * reversed or too long period, {@code period-too-large} for more campaigns than one report holds.
     */
    public PeriodFollowUp period(LocalDate from, LocalDate to, ReportAccess.Coverage coverage, Instant asOf) {
        String issuer = coverage.issuer();
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) + 1 > settings.maxDays()) {
            throw invalidPeriod("Khoảng thời gian phải từ ngày bắt đầu đến ngày kết thúc, tối đa " + settings.maxDays()
                    + " ngày. / The period must run forward and span at most " + settings.maxDays() + " days.");
        }
        Criteria filter = coverage.criteria().and("dueBy")
                .gte(Date.from(from.atStartOfDay(VIETNAM).toInstant())).lt(Date.from(to.plusDays(1).atStartOfDay(VIETNAM).toInstant()));
        Query query = Query.query(filter).with(Sort.by("dueBy", "_id")).limit(settings.maxCampaigns() + 1);
        query.fields().exclude("targets", "statusHistory");
        List<Document> campaigns = mongo.find(query, Document.class, ReadModels.CAMPAIGNS);
        if (campaigns.size() > settings.maxCampaigns()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "period-too-large",
                    "Khoảng thời gian có hơn " + settings.maxCampaigns() + " chiến dịch, hãy chọn khoảng ngắn hơn. / More than "
                            + settings.maxCampaigns() + " campaigns are due in this period; choose a shorter one.");
        }
        Predecessors.Lineage lineage = Predecessors.lineage(mongo);
        List<FollowUp> followUps = campaigns.stream()
                .filter(c -> c.get("version") != null && !ReadModels.isCancelled(c.getString("status")))
                .map(c -> build(c, asOf, lineage)).toList();
        String issuerName = issuer == null ? null : names(List.of(issuer)).getOrDefault(issuer, issuer);
        return new PeriodFollowUp(from, to, issuer, issuerName, asOf, followUps.size(),
                followUps.stream().mapToInt(FollowUp::nonCompliantAgencies).sum(), followUps);
    }

    static ApiProblem invalidPeriod(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-period", detail);
    }

    private FollowUp build(Document campaign, Instant asOf, Predecessors.Lineage lineage) {
        String campaignId = campaign.getString("_id");
        boolean cancelled = ReadModels.isCancelled(campaign.getString("status"));
        Instant deadline = deadline(campaign);

        // Targets of the latest plan, in plan order.
        List<Document> targets = new ArrayList<>(CampaignAgencies.documents(mongo, campaignId, CampaignAgencies.ids(mongo, campaignId))
                .stream().filter(d -> !d.getList("required", String.class, List.of()).isEmpty()).toList());
        targets.sort(Comparator.comparing((Document d) -> d.getInteger("planIndex", Integer.MAX_VALUE))
                .thenComparing(d -> d.getString("agencyId")));

        record Open(Document agency, String channel, List<String> deliveryIds) {
        }
        List<Open> open = new ArrayList<>();
        for (Document agency : cancelled ? List.<Document>of() : targets) {
            Map<String, Map<String, Long>> counts = CampaignReports.byChannel(agency);
            Map<String, List<String>> idsByChannel = new LinkedHashMap<>();
            Document deliveries = agency.get("deliveries", Document.class);
            if (deliveries != null) {
                deliveries.forEach((key, channel) -> idsByChannel.computeIfAbsent((String) channel, c -> new ArrayList<>())
                        .add(ReadModels.deliveryId(key)));
            }
            List<String> required = new ArrayList<>(agency.getList("required", String.class));
            required.sort(ReadModels.CHANNEL_ORDER);
            for (String channel : required) {
                Set<String> statuses = counts.getOrDefault(channel, Map.of()).keySet();
                boolean achieved = statuses.stream().anyMatch(s -> DeliveryStatus.valueOf(s).isAchieved());
                boolean retracted = !statuses.isEmpty() && statuses.stream().allMatch(DeliveryStatus.CANCELLED.name()::equals);
                if (!achieved && !retracted) {
                    open.add(new Open(agency, channel, idsByChannel.getOrDefault(channel, List.of())));
                }
            }
        }
        Map<String, Document> rows = CampaignAgencies.byIds(mongo, ReadModels.DELIVERIES,
                open.stream().flatMap(o -> o.deliveryIds().stream()).toList(),
                "status", "attempt", "reasonCode", "reason", "endpointId", "endpointName");
        List<String> named = new ArrayList<>(open.stream().map(o -> o.agency().getString("agencyId")).distinct().toList());
        if (campaign.getString("issuingAgencyId") != null) {
            named.add(campaign.getString("issuingAgencyId"));
        }
        Map<String, String> names = names(named);

        Map<String, Agency> agencies = new LinkedHashMap<>();
        for (Open o : open) {
            String agencyId = o.agency().getString("agencyId");
            Agency agency = agencies.computeIfAbsent(agencyId, a -> new Agency(a, names.getOrDefault(a, a),
                    lineage.of(a), new ArrayList<>(), Reminders.of(o.agency())));
            agency.channels().add(gap(o.channel(), o.deliveryIds().stream().map(rows::get).filter(Objects::nonNull).toList()));
        }
        List<Agency> listed = agencies.values().stream()
                .map(a -> new Agency(a.agencyId(), a.name(), a.predecessors(), List.copyOf(a.channels()), a.reminders())).toList();
        return new FollowUp(campaignId, campaign.getString("code"), campaign.getString("title"),
                campaign.getString("status"), campaign.getString("issuingAgencyId"),
                campaign.getString("issuingAgencyId") == null ? null
                        : names.getOrDefault(campaign.getString("issuingAgencyId"), campaign.getString("issuingAgencyId")),
                campaign.getList("legalReferences", String.class, List.of()), deadline,
                !cancelled && deadline != null && asOf.isAfter(deadline), asOf, targets.size(), listed.size(), listed);
    }

    /** One channel not complied with, explained by its deliveries there (most advanced first), not retracted ones. */
    private static Gap gap(String channel, List<Document> deliveries) {
        List<Document> live = deliveries.stream()
                .filter(d -> !DeliveryStatus.CANCELLED.name().equals(d.getString("status")))
                .sorted(Comparator.comparing((Document d) -> DeliveryStatus.valueOf(d.getString("status")).rank()).reversed()
                        .thenComparing(d -> d.getString("_id")))
                .toList();
        if (live.isEmpty()) {
            ReasonWords.Words none = ReasonWords.noDelivery();
            return new Gap(channel, Labels.channel(channel), List.of(), List.of(), null, null, none.code(), none.vi(), none.en());
        }
        Set<String> codes = new LinkedHashSet<>();
        Set<String> vi = new LinkedHashSet<>();
        Set<String> en = new LinkedHashSet<>();
        Set<String> endpointIds = new LinkedHashSet<>();
        Set<String> endpointNames = new LinkedHashSet<>();
        for (Document d : live) {
            ReasonWords.Words words = ReasonWords.of(DeliveryStatus.valueOf(d.getString("status")),
                    d.getString("reasonCode"), d.getString("reason"));
            codes.add(words.code());
            vi.add(words.vi());
            en.add(words.en());
            if (d.getString("endpointId") != null) {
                endpointIds.add(d.getString("endpointId"));
            }
            if (d.getString("endpointName") != null) {
                endpointNames.add(d.getString("endpointName"));
            }
        }
        String status = live.getFirst().getString("status");
        return new Gap(channel, Labels.channel(channel), List.copyOf(endpointIds), List.copyOf(endpointNames), status,
                Labels.status(status),
                String.join(", ", codes), String.join(" ", vi), String.join(" ", en));
    }

    private Map<String, String> names(List<String> agencyIds) {
        Map<String, String> names = new LinkedHashMap<>();
        CampaignAgencies.byIds(mongo, ReadModels.AGENCIES, agencyIds.stream().distinct().toList(), "name")
                .forEach((id, d) -> names.put(id, d.getString("name")));
        return names;
    }

    /** The stored due time; for a campaign projected before it was stored, its deadline or window end. */
    private static Instant deadline(Document campaign) {
        Date due = campaign.getDate("dueBy");
        if (due != null) {
            return due.toInstant();
        }
        Document window = campaign.get("window", Document.class);
        String value = campaign.getString("deadline") != null ? campaign.getString("deadline")
                : window == null ? null : window.getString("endsAt");
        try {
            return value == null ? null : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
