package vn.govcomm.contracts;

import java.util.List;

/**
 * The delivery channels, in the order the console, reports and exports show them. This list is the one home of
 * the channel names in main code (it equals the {@code channel} enum of {@code schemas/_common.v1.json}; a test
 * keeps them equal). A channel has its request and status topics ({@link EventTypes#deliveryRequestsTopic}) and
 * one adapter service.
 */
public final class Channels {
    private Channels() {
    }

    public static final String PORTAL = "portal";
    public static final String FACEBOOK = "facebook";
    public static final String ZALO = "zalo";
    public static final String LED = "led";
    /** Channels the platform cannot post to (notice boards, loudspeakers, E-Office, press): the agency confirms with evidence. */
    public static final String MANUAL = "manual";
    /** The notice sent to the agency's official mailbox over SMTP. */
    public static final String EMAIL = "email";

    public static final List<String> ALL = List.of(PORTAL, FACEBOOK, ZALO, LED, MANUAL, EMAIL);

    /** What a {@code manual} endpoint is (its externalId in the directory): the one list of these kinds. */
    public static final List<String> MANUAL_KINDS = List.of("one-stop-board", "e-office", "loudspeaker", "press",
            "clinic-board", "other");

    public static boolean isKnown(String channel) {
        return channel != null && ALL.contains(channel);
    }

    /** Sort key in {@link #ALL} order (unknown names last). */
    public static int order(String channel) {
        int index = ALL.indexOf(channel);
        return index < 0 ? ALL.size() : index;
    }
}
