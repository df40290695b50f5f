package vn.govcomm.reporting.exports;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import vn.govcomm.reporting.compliance.Compliance;
import vn.govcomm.reporting.projections.ReadModels;

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

    private final MongoTemplate mongo;

    ExportRows(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    static List<String> complianceHeaders(Compliance compliance) {
        List<String> headers = new ArrayList<>(List.of(Labels.COMPLIANCE_HEADERS_BEFORE));
        compliance.channels().forEach(c -> headers.add(Labels.channel(c)));
        headers.add(Labels.COMPLIANCE_REASONS);
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
            rows.add(row);
        }
        return rows;
    }

    /** Streams the campaign's deliveries (with agency names) without holding them all in memory. */
    void deliveries(String campaignId, Consumer<List<String>> sink) {
        Map<String, String> names = new HashMap<>();
        mongo.find(new Query(), Document.class, ReadModels.AGENCIES).forEach(a -> names.put(a.getString("_id"), a.getString("name")));
        Query query = Query.query(Criteria.where("campaignId").is(campaignId)).with(Sort.by("agencyId", "channel", "_id"));
        try (var rows = mongo.stream(query, Document.class, ReadModels.DELIVERIES)) {
            rows.forEach(d -> {
                Date at = d.getDate("statusAt");
                sink.accept(List.of(d.getString("_id"), text(d.getString("agencyId")),
                        names.getOrDefault(d.getString("agencyId"), text(d.getString("agencyId"))),
                        Labels.channel(d.getString("channel")), text(d.getString("endpointId")),
                        Labels.status(d.getString("status")), String.valueOf(d.getInteger("attempt", 1)),
                        at == null ? "" : TIME.format(at.toInstant()), text(d.getString("reasonCode")),
                        text(d.getString("reason")), text(d.getString("permalink"))));
            });
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
