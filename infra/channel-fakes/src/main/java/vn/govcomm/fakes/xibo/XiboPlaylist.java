package vn.govcomm.fakes.xibo;

/** A playlist created through the API. */
public record XiboPlaylist(int playlistId, String name, int isDynamic) {
}
