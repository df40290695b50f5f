package vn.govcomm.reporting.scorecard;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.reporting.exports.Labels;
import vn.govcomm.reporting.projections.CampaignAgencies;
import vn.govcomm.reporting.projections.DeliveryProjection;
import vn.govcomm.reporting.projections.Predecessors;
import vn.govcomm.reporting.projections.ReadModels;
import vn.govcomm.reporting.projections.Reminders;
import vn.govcomm.reporting.projections.Successions;
import vn.govcomm.reporting.reports.ReportAccess;
import vn.govcomm.reporting.scorecard.Scorecard.AgencyScore;
import vn.govcomm.reporting.scorecard.Scorecard.ChannelScore;
import vn.govcomm.reporting.scorecard.Scorecard.Score;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds the {@link Scorecard} of a period from the read models, campaign by campaign so memory holds one
 * campaign's outcomes plus one tally per agency:
 * <ul>
 *   <li>the period's campaigns: one query on {@code dueBy} (and {@code issuingAgencyId}), indexes {@code due_by} /
 *       {@code issuer_due_by}, headers only;</li>
 *   <li>every agency: per campaign, its agency index and per-agency documents by id (required channels of the
 *       latest plan, notifications), then ONE query over the campaign's delivery rows ({@code campaignId}, index
 *       {@code (campaignId, _id)}, five fields each), folded in memory into one outcome per agency × channel;</li>
 *   <li>one agency ({@code agency=}): its per-agency document of every period campaign (one {@code _id $in}) and
 *       the delivery rows those documents list, by id.</li>
 * </ul>
 */
@Component
public class ScorecardView {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final MongoTemplate mongo;
    private final ScorecardSettings settings;

    ScorecardView(MongoTemplate mongo, ScorecardSettings settings) {
        this.mongo = mongo;
        this.settings = settings;
    }

    /**
     * The scorecard of the campaigns due in the period (of the issuers {@code coverage} holds: one, a province's, all),
     * for every agency or only {@code agency}; {@code asOf} decides what is missing and what is not due yet.
     */
    /** The agency as the directory knows it now: a merged or renamed one's successor (end of its chain), else itself. */
    public String current(String agencyId) {
        return Successions.successorOf(mongo, agencyId);
    }

    public Scorecard of(ScorecardPeriod period, ReportAccess.Coverage coverage, String agency, Instant asOf) {
        String issuer = coverage.issuer();
        Criteria filter = coverage.criteria().and("dueBy")
                .gte(Date.from(period.from().atStartOfDay(VIETNAM).toInstant()))
                .lt(Date.from(period.to().plusDays(1).atStartOfDay(VIETNAM).toInstant()));
        Query query = Query.query(filter).with(Sort.by("dueBy", "_id")).limit(settings.maxCampaigns() + 1);
        query.fields().include("dueBy", "status", "version");
        List<Document> found = mongo.find(query, Document.class, ReadModels.CAMPAIGNS);
        if (found.size() > settings.maxCampaigns()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "period-too-large",
                    "Khoảng thời gian có hơn " + settings.maxCampaigns() + " chiến dịch, hãy chọn khoảng ngắn hơn. / More than "
                            + settings.maxCampaigns() + " campaigns are due in this period; choose a shorter one.");
        }
        List<Document> campaigns = found.stream()
                .filter(c -> c.get("version") != null && !ReadModels.isCancelled(c.getString("status"))).toList();

        Map<String, Tally> tallies = new TreeMap<>();
        int covered = 0; // campaigns that asked something of a listed agency (one agency: those that targeted it)
        if (agency == null) {
            for (Document campaign : campaigns) {
                String campaignId = campaign.getString("_id");
                List<Document> plans = CampaignAgencies.documents(mongo, campaignId, CampaignAgencies.ids(mongo, campaignId),
                        "agencyId", "required", "notifications");
                Query rows = Query.query(Criteria.where("campaignId").is(campaignId));
                rows.fields().include("agencyId", "channel", "status", "statusAt", DeliveryProjection.ACHIEVED_AT);
                Map<String, Outcome> outcomes = new HashMap<>();
                try (Stream<Document> stream = mongo.stream(rows, Document.class, ReadModels.DELIVERIES)) {
                    stream.forEach(row -> outcome(outcomes, row));
                }
                covered += score(tallies, campaign, plans, outcomes, asOf) ? 1 : 0;
            }
        } else {
            Map<String, Document> plans = CampaignAgencies.byIds(mongo, ReadModels.AGENCY_COUNTS, campaigns.stream()
                    .map(c -> ReadModels.agencyKey(c.getString("_id"), agency)).toList(), "agencyId", "required", "deliveries", "notifications");
            List<String> rowIds = new ArrayList<>();
            plans.values().forEach(p -> {
                Document deliveries = p.get("deliveries", Document.class);
                if (deliveries != null) {
                    deliveries.keySet().forEach(key -> rowIds.add(ReadModels.deliveryId(key)));
                }
            });
            Map<String, Map<String, Outcome>> byCampaign = new HashMap<>();
            CampaignAgencies.byIds(mongo, ReadModels.DELIVERIES, rowIds, "campaignId", "agencyId", "channel", "status", "statusAt",
                    DeliveryProjection.ACHIEVED_AT).values().forEach(row ->
                    outcome(byCampaign.computeIfAbsent(row.getString("campaignId"), c -> new HashMap<>()), row));
            for (Document campaign : campaigns) {
                Document plan = plans.get(ReadModels.agencyKey(campaign.getString("_id"), agency));
                if (plan != null) {
                    covered += score(tallies, campaign, List.of(plan), byCampaign.getOrDefault(campaign.getString("_id"), Map.of()),
                            asOf) ? 1 : 0;
                }
            }
        }

        List<String> named = new ArrayList<>(tallies.keySet());
        if (issuer != null) {
            named.add(issuer);
        }
        Map<String, String> names = new HashMap<>();
        CampaignAgencies.byIds(mongo, ReadModels.AGENCIES, named, "name").forEach((id, d) -> names.put(id, d.getString("name")));

        Predecessors.Lineage lineage = Predecessors.lineage(mongo);
        List<AgencyScore> agencies = new ArrayList<>();
        Map<String, int[]> totals = new TreeMap<>(ReadModels.CHANNEL_ORDER);
        tallies.forEach((agencyId, t) -> {
            List<ChannelScore> channels = new ArrayList<>();
            t.byChannel.forEach((channel, n) -> {
                channels.add(channel(channel, n));
                int[] sum = totals.computeIfAbsent(channel, c -> new int[5]);
                for (int i = 0; i < n.length; i++) {
                    sum[i] += n[i];
                }
            });
            agencies.add(new AgencyScore(agencyId, names.getOrDefault(agencyId, agencyId), lineage.of(agencyId), t.campaigns, List.copyOf(channels),
                    overall(t.byChannel.values()), t.reminders, t.escalations));
        });
        agencies.sort(WORST_FIRST);
        List<ChannelScore> channelTotals = totals.entrySet().stream().map(e -> channel(e.getKey(), e.getValue())).toList();
        return new Scorecard(period.label(), period.from(), period.to(), issuer,
                issuer == null ? null : names.getOrDefault(issuer, issuer), agency, asOf, covered,
                List.copyOf(agencies), channelTotals, overall(totals.values()));
    }

    /** Lowest on-time rate first (nothing due yet: last), then most missing, most late, then by name. */
    static final Comparator<AgencyScore> WORST_FIRST = Comparator
            .comparing((AgencyScore a) -> a.overall().onTimeRate(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(a -> -a.overall().missing())
            .thenComparing(a -> -a.overall().late())
            .thenComparing(AgencyScore::name)
            .thenComparing(AgencyScore::agencyId);

    /** What one agency's deliveries on one channel of one campaign came to (all its endpoints there together). */
    private static final class Outcome {
        Instant firstAchieved;
        boolean live;
    }

    private static void outcome(Map<String, Outcome> outcomes, Document row) {
        Outcome o = outcomes.computeIfAbsent(row.getString("agencyId") + "|" + row.getString("channel"), k -> new Outcome());
        DeliveryStatus status = DeliveryStatus.valueOf(row.getString("status"));
        if (status != DeliveryStatus.CANCELLED) {
            o.live = true;
        }
        if (status.isAchieved()) {
            // Rows written before achievedAt existed: the latest status time, never earlier than the proof.
            Date at = row.getDate(DeliveryProjection.ACHIEVED_AT) != null ? row.getDate(DeliveryProjection.ACHIEVED_AT)
                    : row.getDate("statusAt");
            if (at != null && (o.firstAchieved == null || at.toInstant().isBefore(o.firstAchieved))) {
                o.firstAchieved = at.toInstant();
            }
        }
    }

    /** Counts {onTime, late, missing, notYetDue, required} per agency and channel. */
    private static final class Tally {
        int campaigns;
        int reminders;
        int escalations;
        final Map<String, int[]> byChannel = new TreeMap<>(ReadModels.CHANNEL_ORDER);
    }

    private static final int ON_TIME = 0;
    private static final int LATE = 1;
    private static final int MISSING = 2;
    private static final int NOT_YET_DUE = 3;
    private static final int REQUIRED = 4;

    /** Adds one campaign's outcomes to the agencies' tallies; whether it asked anything of them. */
    private static boolean score(Map<String, Tally> tallies, Document campaign, List<Document> plans,
                                 Map<String, Outcome> outcomes, Instant asOf) {
        Instant due = campaign.getDate("dueBy").toInstant();
        boolean asked = false;
        for (Document plan : plans) {
            List<String> required = plan.getList("required", String.class, List.of());
            if (required.isEmpty()) {
                continue; // dropped from the latest plan, or only delivered to: nothing asked of it
            }
            Tally t = tallies.computeIfAbsent(plan.getString("agencyId"), a -> new Tally());
            t.campaigns++;
            asked = true;
            Reminders sent = Reminders.of(plan);
            t.reminders += sent.reminded();
            t.escalations += sent.escalated();
            for (String channel : required) {
                Outcome o = outcomes.get(plan.getString("agencyId") + "|" + channel);
                if (o != null && !o.live) {
                    continue; // every delivery there retracted: no longer asked
                }
                int[] n = t.byChannel.computeIfAbsent(channel, c -> new int[5]);
                n[REQUIRED]++;
                if (o != null && o.firstAchieved != null) {
                    n[o.firstAchieved.isAfter(due) ? LATE : ON_TIME]++;
                } else {
                    n[asOf.isAfter(due) ? MISSING : NOT_YET_DUE]++;
                }
            }
        }
        return asked;
    }

    private static ChannelScore channel(String channel, int[] n) {
        Score s = score(n);
        return new ChannelScore(channel, Labels.channel(channel), s.required(), s.onTime(), s.late(), s.missing(),
                s.notYetDue(), s.onTimeRate());
    }

    private static Score overall(Iterable<int[]> channels) {
        int[] sum = new int[5];
        channels.forEach(n -> {
            for (int i = 0; i < n.length; i++) {
                sum[i] += n[i];
            }
        });
        return score(sum);
    }

    private static Score score(int[] n) {
        int decided = n[REQUIRED] - n[NOT_YET_DUE];
        Double rate = decided == 0 ? null : Math.round(n[ON_TIME] * 10000.0 / decided) / 10000.0;
        return new Score(n[REQUIRED], n[ON_TIME], n[LATE], n[MISSING], n[NOT_YET_DUE], rate);
    }
}
