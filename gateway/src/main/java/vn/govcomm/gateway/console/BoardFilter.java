package vn.govcomm.gateway.console;

import org.springframework.web.util.UriComponentsBuilder;
import vn.govcomm.contracts.Channels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the board shows of a campaign's deliveries (the campaign page's query, kept by every refresh, page link and
 * re-send): one delivery {@code status}, one {@code channel}, one {@code agency} (its id: the compliance grid links
 * it) and/or the agencies whose name contains {@code q}; {@code size} rows after the delivery {@code after} (the
 * reporting service's keyset cursor); {@code page} numbers the pages for people only. What is not a known status,
 * channel or size is ignored, never relayed.
 */
/* Methods used by the templates are public: SpEL calls public methods only. */
record BoardFilter(String status, String channel, String agency, String q, String after, String size, String page) {

    static final int DEFAULT_SIZE = 50;
    static final List<Integer> SIZES = List.of(25, 50, 100, 200);

    BoardFilter {
        status = status != null && ConsoleWords.DELIVERY_STATUSES.contains(status) ? status : null;
        channel = Channels.isKnown(channel) ? channel : null;
        agency = blankToNull(agency);
        q = blankToNull(q);
        after = blankToNull(after);
        size = String.valueOf(SIZES.contains(number(size)) ? number(size) : DEFAULT_SIZE);
        page = String.valueOf(Math.max(1, number(page)));
    }

    static BoardFilter none() {
        return new BoardFilter(null, null, null, null, null, null, null);
    }

    public int rows() {
        return Integer.parseInt(size);
    }

    public int pageNumber() {
        return Integer.parseInt(page);
    }

    /** Narrowed to some agencies: the board finds their deliveries itself (the reporting API has no agency filter). */
    public boolean byAgency() {
        return agency != null || q != null;
    }

    public boolean filtered() {
        return status != null || channel != null || byAgency();
    }

    /** The campaign page with these filters, first page. */
    public String firstPageUrl(String campaignId) {
        return url("/console/campaigns/{id}", campaignId, null, 1);
    }

    /** The campaign page with these filters, the page after {@code cursor}. */
    public String nextPageUrl(String campaignId, String cursor) {
        return url("/console/campaigns/{id}", campaignId, cursor, pageNumber() + 1);
    }

    /** The board fragment (htmx) of this very page. */
    public String boardUrl(String campaignId) {
        return url("/console/campaigns/{id}/board", campaignId, after, pageNumber());
    }

    /** The campaign page's first page narrowed to one agency (the compliance grid's links). */
    public String agencyUrl(String campaignId, String agencyId) {
        return new BoardFilter(status, channel, agencyId, null, null, size, null).firstPageUrl(campaignId);
    }

    /** This filter without its agency (and name search). */
    public String withoutAgencyUrl(String campaignId) {
        return new BoardFilter(status, channel, null, null, null, size, null).firstPageUrl(campaignId);
    }

    /** A delivery's re-send, carrying this page so that the officer comes back to it. */
    public String resendUrl(String campaignId, String deliveryId) {
        return UriComponentsBuilder.fromPath("/console/campaigns/{id}/deliveries/{delivery}/resend")
                .query(queryTemplate(after, pageNumber())).encode()
                .buildAndExpand(variables(campaignId, deliveryId, after, pageNumber())).toUriString();
    }

    /** The campaign page showing this very page again (after a re-send). */
    String pageUrl(String campaignId) {
        return url("/console/campaigns/{id}", campaignId, after, pageNumber());
    }

    private String url(String path, String campaignId, String cursor, int pageNumber) {
        return UriComponentsBuilder.fromPath(path).query(queryTemplate(cursor, pageNumber)).encode()
                .buildAndExpand(variables(campaignId, null, cursor, pageNumber)).toUriString();
    }

    /** "status={status}&..." for the parameters that are set: each value a URI variable, encoded strictly. */
    private String queryTemplate(String cursor, int pageNumber) {
        StringBuilder query = new StringBuilder();
        parameters(cursor, pageNumber).keySet().forEach(name -> query.append(query.isEmpty() ? "" : "&")
                .append(name).append("={").append(name).append('}'));
        return query.toString();
    }

    private Map<String, Object> variables(String campaignId, String deliveryId, String cursor, int pageNumber) {
        Map<String, Object> variables = new LinkedHashMap<>(parameters(cursor, pageNumber));
        variables.put("id", campaignId);
        variables.put("delivery", deliveryId);
        return variables;
    }

    private Map<String, String> parameters(String cursor, int pageNumber) {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "status", status);
        put(parameters, "channel", channel);
        put(parameters, "agency", agency);
        put(parameters, "q", q);
        put(parameters, "size", rows() == DEFAULT_SIZE ? null : size);
        put(parameters, "after", cursor);
        put(parameters, "page", cursor == null || pageNumber <= 1 ? null : String.valueOf(pageNumber));
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static int number(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
