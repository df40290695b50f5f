package vn.govcomm.reporting.exports;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.reporting.compliance.Compliance;
import vn.govcomm.reporting.projections.CampaignAgencies;
import vn.govcomm.reporting.projections.Predecessors;
import vn.govcomm.reporting.projections.ReadModels;

import java.net.URI;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The rows of the exports, in the order and wording of the Vietnamese headers in {@link Labels}. */
@Component
class ExportRows {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(VIETNAM);
    /** The column of {@link Labels#DELIVERY_HEADERS} that holds the permalink. */
    static final int LINK_COLUMN = 10;

    private final MongoTemplate mongo;

    ExportRows(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    static List<String> complianceHeaders(Compliance compliance) {
        List<String> headers = new ArrayList<>(List.of(Labels.COMPLIANCE_HEADERS_BEFORE));
        compliance.channels().forEach(c -> headers.add(Labels.channel(c)));
        headers.add(Labels.COMPLIANCE_REASONS);
        headers.add(Labels.REMINDED);
        headers.add(Labels.PREDECESSORS);
        return headers;
    }

    static List<List<String>> complianceRows(Compliance compliance) {
        List<List<String>> rows = new ArrayList<>();
        int n = 1;
        for (Compliance.AgencyRow agency : compliance.agencies()) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(n++), agency.agencyId(), agency.name(),
                    agency.type() == null ? "" : agency.type(), Labels.state(agency.state())));
            for (String channel : compliance.channels()) {
                row.add(agency.cells().get(channel).state().vietnamese());
            }
            row.add(Labels.reasons(agency));
            row.add(agency.reminders().text());
            row.add(agency.predecessors().text());
            rows.add(row);
        }
        return rows;
    }

    /**
     * Streams the campaign's deliveries (with agency names) without holding them all in memory; a row moved from a
     * merged or renamed agency ({@code formerAgencyId}) names it in the last column.
     */
    void deliveries(String campaignId, Consumer<List<String>> sink) {
        Map<String, Document> agencies = new HashMap<>();
        Query directory = new Query();
        directory.fields().include(Predecessors.FIELDS);
        mongo.find(directory, Document.class, ReadModels.AGENCIES).forEach(a -> agencies.put(a.getString("_id"), a));
        Query query = Query.query(Criteria.where("campaignId").is(campaignId)).with(Sort.by("agencyId", "channel", "_id"));
        try (var rows = mongo.stream(query, Document.class, ReadModels.DELIVERIES)) {
            rows.forEach(d -> {
                Date at = d.getDate("statusAt");
                Document agency = agencies.get(d.getString("agencyId"));
                String former = d.getString("formerAgencyId");
                sink.accept(List.of(d.getString("_id"), text(d.getString("agencyId")),
                        agency == null || agency.getString("name") == null ? text(d.getString("agencyId")) : agency.getString("name"),
                        Labels.channel(d.getString("channel")), endpoint(d),
                        Labels.status(d.getString("status")), String.valueOf(d.getInteger("attempt", 1)),
                        at == null ? "" : TIME.format(at.toInstant()), text(d.getString("reasonCode")),
                        text(d.getString("reason")), text(d.getString("permalink")), former == null ? ""
                                : Predecessors.Predecessor.from(agencies.getOrDefault(former, new Document("_id", former))).label()));
            });
        }
    }

    /**
     * Every achieved (published, fetched, displayed) delivery of the campaign that has a permalink, with its
     * agency's name, by agency, channel and id: the evidence of publication the print page lists.
     */
    List<Permalink> permalinks(String campaignId) {
        Query query = Query.query(Criteria.where("campaignId").is(campaignId)).with(Sort.by("agencyId", "channel", "_id"));
        query.fields().include("agencyId", "channel", "endpointId", "endpointName", "status", "permalink");
        List<Permalink> links = new ArrayList<>();
        try (var rows = mongo.stream(query, Document.class, ReadModels.DELIVERIES)) {
            rows.forEach(d -> {
                if (d.getString("permalink") != null && DeliveryStatus.valueOf(d.getString("status")).isAchieved()) {
                    // the printed page is read by people: the endpoint's name, not its id (the files keep both)
                    String endpointName = d.getString("endpointName");
                    links.add(new Permalink(d.getString("agencyId"), d.getString("agencyId"), d.getString("channel"),
                            endpointName == null ? "" : endpointName, d.getString("status"), d.getString("permalink")));
                }
            });
        }
        Map<String, Document> names = CampaignAgencies.byIds(mongo, ReadModels.AGENCIES,
                links.stream().map(Permalink::agencyId).distinct().toList(), "name");
        return links.stream().map(l -> names.containsKey(l.agencyId()) ? new Permalink(l.agencyId(),
                names.get(l.agencyId()).getString("name"), l.channel(), l.endpoint(), l.status(), l.url()) : l).toList();
    }

    record Permalink(String agencyId, String agencyName, String channel, String endpoint, String status, String url) {
    }

    /** The endpoint as an official knows it: its display name (from the request) with its id, or the id alone. */
    static String endpoint(Document row) {
        String id = text(row.getString("endpointId"));
        String name = row.getString("endpointName");
        return name == null || name.isBlank() ? id : id.isEmpty() ? name : name + " (" + id + ")";
    }

    /** Only web links become clickable (a permalink comes from an adapter or an agency's evidence form). */
    static boolean isWebLink(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
