package vn.govcomm.led.screens;

/** Published (in-process) when an OFFLINE screen sends a heartbeat again. */
public record ScreenCameBack(String screenId) {
}
