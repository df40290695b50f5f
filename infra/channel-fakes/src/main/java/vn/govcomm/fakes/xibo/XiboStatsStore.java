package vn.govcomm.fakes.xibo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Proof of play as players deliver it: rows wait on the player until a batch upload, so they reach the CMS late,
 * in batches, possibly twice (a re-sent batch) and not in start order.
 */
final class XiboStatsStore {

    private final Map<Integer, List<XiboPlay>> onPlayer = new HashMap<>();
    private final Map<Integer, List<XiboPlay>> lastBatch = new HashMap<>();
    private final List<XiboPlay> visible = new ArrayList<>();
    private long nextStatId = 1;

    synchronized void record(XiboPlay play) {
        onPlayer.computeIfAbsent(play.displayId(), k -> new ArrayList<>()).add(play);
    }

    synchronized int upload(int displayId, Instant at) {
        List<XiboPlay> batch = onPlayer.remove(displayId);
        if (batch == null || batch.isEmpty()) {
            return 0;
        }
        lastBatch.put(displayId, List.copyOf(batch));
        batch.forEach(p -> visible.add(p.uploaded(nextStatId++, at)));
        return batch.size();
    }

    /** The player sends its last batch again (e.g. it never saw the CMS's acknowledgement): duplicate rows. */
    synchronized int reupload(int displayId, Instant at) {
        List<XiboPlay> batch = lastBatch.getOrDefault(displayId, List.of());
        batch.forEach(p -> visible.add(p.uploaded(nextStatId++, at)));
        return batch.size();
    }

    synchronized List<XiboPlay> pending(int displayId) {
        return List.copyOf(onPlayer.getOrDefault(displayId, List.of()));
    }

    synchronized List<XiboPlay> visible() {
        return List.copyOf(visible);
    }
}
