package vn.govcomm.fakes.xibo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Displays, display groups, the schedule, and what each player has collected. A player only knows the schedule it
 * last collected: after a change it is "out of date" (3) until it collects (collectNow, or coming back online),
 * then "downloading" (2) for the configured time, then up to date (1). A silent display keeps playing what it had.
 */
final class XiboNetwork {

    private static final class Player {
        final int displayId;
        final String name;
        final int displayGroupId;
        boolean loggedIn = true;
        Instant lastAccessed;
        boolean outOfDate;
        Instant downloadDoneAt;
        List<XiboEvent> pendingSchedule = List.of();
        List<XiboEvent> knownSchedule = List.of();

        Player(int displayId, String name, int displayGroupId, Instant now) {
            this.displayId = displayId;
            this.name = name;
            this.displayGroupId = displayGroupId;
            this.lastAccessed = now;
        }
    }

    private final XiboSettings settings;
    private final Map<Integer, Player> players = new LinkedHashMap<>();
    private final Map<Integer, Set<Integer>> groups = new LinkedHashMap<>(); // group id -> display ids
    private final Map<Integer, String> groupNames = new LinkedHashMap<>();
    private final Map<Integer, XiboEvent> events = new LinkedHashMap<>();
    private final List<Integer> collectRequests = new ArrayList<>();
    private int nextDisplayId = 1;
    private int nextGroupId = 1;
    private int nextEventId = 1;

    XiboNetwork(XiboSettings settings) {
        this.settings = settings;
    }

    synchronized int addDisplay(String name) {
        int displayId = nextDisplayId++;
        int groupId = nextGroupId++; // every display has its own display-specific group, as in Xibo
        groups.put(groupId, new LinkedHashSet<>(Set.of(displayId)));
        groupNames.put(groupId, name);
        players.put(displayId, new Player(displayId, name, groupId, now()));
        return displayId;
    }

    synchronized int addGroup(String name, int... displayIds) {
        int groupId = nextGroupId++;
        Set<Integer> members = new LinkedHashSet<>();
        for (int id : displayIds) {
            player(id);
            members.add(id);
        }
        groups.put(groupId, members);
        groupNames.put(groupId, name);
        return groupId;
    }

    synchronized int displayGroupOf(int displayId) {
        return player(displayId).displayGroupId;
    }

    synchronized boolean groupExists(int groupId) {
        return groups.containsKey(groupId);
    }

    synchronized String displayName(int displayId) {
        Player player = players.get(displayId);
        return player == null ? "" : player.name;
    }

    synchronized XiboEvent schedule(int eventTypeId, int campaignId, int layoutId, List<Integer> groupIds,
                                    int displayOrder, int isPriority, Instant from, Instant to) {
        XiboEvent event = new XiboEvent(nextEventId++, eventTypeId, campaignId, layoutId, List.copyOf(groupIds),
                displayOrder, isPriority, from, to);
        events.put(event.eventId(), event);
        markOutOfDate(event);
        return event;
    }

    synchronized boolean unschedule(int eventId) {
        XiboEvent removed = events.remove(eventId);
        if (removed != null) {
            markOutOfDate(removed);
        }
        return removed != null;
    }

    /** collectNow: online members collect; silent ones will when they come back. */
    synchronized void collectNow(int groupId) {
        if (!groups.containsKey(groupId)) {
            throw XiboError.notFound("Display Group not found").exception();
        }
        collectRequests.add(groupId);
        groups.get(groupId).stream().map(players::get).filter(p -> p.loggedIn).forEach(this::collect);
    }

    /** The player checks in on its own schedule and collects (as a real player does every collection interval). */
    synchronized void playerCollects(int displayId) {
        Player player = player(displayId);
        if (player.loggedIn) {
            collect(player);
        }
    }

    synchronized void setLoggedIn(int displayId, boolean loggedIn) {
        Player player = player(displayId);
        if (loggedIn && !player.loggedIn) {
            player.loggedIn = true;
            collect(player); // a player that comes back collects straight away
        } else if (!loggedIn && player.loggedIn) {
            settle(player);
            player.lastAccessed = now();
            player.loggedIn = false;
        }
    }

    synchronized boolean isLoggedIn(int displayId) {
        return player(displayId).loggedIn;
    }

    synchronized List<XiboDisplay> displays() {
        return players.values().stream().map(this::view).toList();
    }

    synchronized Optional<XiboDisplay> display(int displayId) {
        return Optional.ofNullable(players.get(displayId)).map(this::view);
    }

    synchronized List<XiboEvent> events() {
        return List.copyOf(events.values());
    }

    synchronized List<Integer> collectRequests() {
        return List.copyOf(collectRequests);
    }

    synchronized Set<Integer> displaysOfGroup(int groupId) {
        return Set.copyOf(groups.getOrDefault(groupId, Set.of()));
    }

    private XiboDisplay view(Player player) {
        settle(player);
        Instant now = now();
        if (player.loggedIn) {
            player.lastAccessed = now; // an online player keeps checking in
        }
        int status = player.downloadDoneAt != null ? 2 : player.outOfDate ? 3 : 1;
        Instant playingAt = player.loggedIn ? now : player.lastAccessed;
        int current = player.knownSchedule.stream()
                .filter(e -> e.activeAt(playingAt))
                .sorted(Comparator.comparingInt(XiboEvent::isPriority).reversed()
                        .thenComparingInt(XiboEvent::displayOrder)
                        .thenComparingInt(XiboEvent::eventId))
                .map(XiboEvent::layoutId)
                .findFirst().orElse(settings.defaultLayoutId());
        return new XiboDisplay(player.displayId, player.name, player.displayGroupId, player.loggedIn,
                player.lastAccessed, status, current);
    }

    private void collect(Player player) {
        player.lastAccessed = now();
        player.outOfDate = false;
        player.pendingSchedule = eventsFor(player.displayId);
        if (settings.downloadDuration().isZero()) {
            player.knownSchedule = player.pendingSchedule;
            player.downloadDoneAt = null;
        } else {
            player.downloadDoneAt = now().plus(settings.downloadDuration());
        }
    }

    /** Finishes a download whose time has come. */
    private void settle(Player player) {
        if (player.downloadDoneAt != null && !now().isBefore(player.downloadDoneAt)) {
            player.knownSchedule = player.pendingSchedule;
            player.downloadDoneAt = null;
        }
    }

    private List<XiboEvent> eventsFor(int displayId) {
        return events.values().stream()
                .filter(e -> e.displayGroupIds().stream()
                        .anyMatch(g -> groups.getOrDefault(g, Set.of()).contains(displayId)))
                .toList();
    }

    private void markOutOfDate(XiboEvent event) {
        for (int groupId : event.displayGroupIds()) {
            for (int displayId : groups.getOrDefault(groupId, Set.of())) {
                players.get(displayId).outOfDate = true;
            }
        }
    }

    private Player player(int displayId) {
        Player player = players.get(displayId);
        if (player == null) {
            throw new IllegalArgumentException("no display " + displayId);
        }
        return player;
    }

    private Instant now() {
        return settings.clock().instant();
    }
}
