package vn.govcomm.fakes.xibo;

import java.time.Instant;

/**
 * One proof-of-play row. {@code widgetId} is null for layout rows.
 *
 * @param statDate when the row reached the CMS (its upload), null while still on the player
 */
public record XiboPlay(long statId, String type, int displayId, int layoutId, Integer widgetId, int numberPlays,
                       Instant start, Instant end, Instant statDate) {

    XiboPlay uploaded(long id, Instant at) {
        return new XiboPlay(id, type, displayId, layoutId, widgetId, numberPlays, start, end, at);
    }
}
