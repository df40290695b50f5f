package vn.govcomm.led.playlists;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Playlist rules: {@code defaultDurationSec} when the campaign gives no LED schedule, {@code maxPages} beyond
 * which a text is rejected as unreadable.
 */
@ConfigurationProperties("govcomm.led.playlists")
record PlaylistProperties(@DefaultValue("20") int defaultDurationSec,
                          @DefaultValue("8") int maxPages) {
}
