package vn.govcomm.fakes.xibo;

/** A full-screen layout made from a playlist, and the layout-specific campaign that schedules it. */
public record XiboLayout(int layoutId, int campaignId, String name, int playlistId) {
}
