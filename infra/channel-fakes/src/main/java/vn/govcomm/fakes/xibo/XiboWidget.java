package vn.govcomm.fakes.xibo;

/** A widget of a playlist; for text widgets {@code text} holds the HTML. */
public record XiboWidget(int widgetId, int playlistId, String type, String text, int duration, int useDuration) {
}
