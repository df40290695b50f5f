package vn.govcomm.reporting.projections;

/** Names of the reporting read models (collections of the reporting database). */
public final class ReadModels {

    /** One row per delivery: campaignId, agencyId, channel, endpointId, status, attempt, reason..., counted. */
    public static final String DELIVERIES = "report_deliveries";
    /** One document per campaign: code, title, targets, window, publishAt, status history. */
    public static final String CAMPAIGNS = "report_campaigns";
    /** One document per campaign: total, byStatus.S, byChannel.c.S, rev (bumped on every change). */
    public static final String COUNTS = "report_campaign_counts";
    /** One document per agency: the latest directory snapshot's name, shortName, type, groups, active. */
    public static final String AGENCIES = "report_agencies";

    public static final java.util.List<String> CHANNELS = java.util.List.of("portal", "facebook", "zalo", "led");

    private ReadModels() {
    }
}
