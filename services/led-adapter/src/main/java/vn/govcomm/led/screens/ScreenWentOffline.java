package vn.govcomm.led.screens;

import java.time.Instant;

/** Published (in-process) when a screen's heartbeats stopped; the playlists feature reacts. */
public record ScreenWentOffline(String screenId, Instant lastHeartbeatAt) {
}
