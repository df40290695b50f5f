package vn.govcomm.fakes.xibo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Playlists, their widgets and the full-screen layouts made from them. */
final class XiboContent {

    private final Map<Integer, XiboPlaylist> playlists = new LinkedHashMap<>();
    private final Map<Integer, XiboWidget> widgets = new LinkedHashMap<>();
    private final Map<Integer, XiboLayout> layouts = new LinkedHashMap<>();
    private int nextPlaylistId = 1;
    private int nextWidgetId = 1;
    // Layout 1 is the CMS's default layout; campaigns share the id space with layouts in the fake.
    private int nextLayoutId = 2;
    private int nextCampaignId = 2;

    synchronized XiboPlaylist addPlaylist(String name, int isDynamic) {
        XiboPlaylist playlist = new XiboPlaylist(nextPlaylistId++, name, isDynamic);
        playlists.put(playlist.playlistId(), playlist);
        return playlist;
    }

    synchronized XiboWidget addWidget(int playlistId, String type) {
        if (!playlists.containsKey(playlistId)) {
            throw XiboError.notFound("Playlist not found").exception();
        }
        XiboWidget widget = new XiboWidget(nextWidgetId++, playlistId, type, null, 10, 0);
        widgets.put(widget.widgetId(), widget);
        return widget;
    }

    synchronized XiboWidget editWidget(int widgetId, String text, int duration, int useDuration) {
        XiboWidget widget = widgets.get(widgetId);
        if (widget == null) {
            throw XiboError.notFound("Widget not found").exception();
        }
        XiboWidget edited = new XiboWidget(widgetId, widget.playlistId(), widget.type(), text, duration, useDuration);
        widgets.put(widgetId, edited);
        return edited;
    }

    synchronized XiboLayout fullscreenFromPlaylist(int playlistId) {
        XiboPlaylist playlist = playlists.get(playlistId);
        if (playlist == null) {
            throw XiboError.notFound("Playlist not found").exception();
        }
        XiboLayout layout = new XiboLayout(nextLayoutId++, nextCampaignId++, playlist.name() + " (fullscreen)",
                playlistId);
        layouts.put(layout.layoutId(), layout);
        return layout;
    }

    synchronized Optional<XiboLayout> layoutByCampaign(int campaignId) {
        return layouts.values().stream().filter(l -> l.campaignId() == campaignId).findFirst();
    }

    synchronized List<XiboPlaylist> playlists() {
        return List.copyOf(playlists.values());
    }

    synchronized List<XiboWidget> widgets() {
        return List.copyOf(widgets.values());
    }

    synchronized List<XiboLayout> layouts() {
        return List.copyOf(layouts.values());
    }
}
