package vn.govcomm.campaign.directory;

/**
 * Runs a succession (an agency merged into or renamed to another) for a directory file: the same steps as
 * {@code POST /api/agencies/{id}/succession}, implemented by the succession feature, which depends on this one (the
 * directory never reaches into it, so the features have no cycle). The file's rules are checked before, for every row.
 */
public interface Successions {

    /**
     * Succeeds {@code predecessor} by {@code successor} (both as stored now; on a dry run as the file would leave them)
     * and moves what follows (earlier predecessors, plan tasks, templates, unapproved campaigns); a dry run changes
     * nothing and counts what would move. {@code actorName}: the administrator's display name (or null), kept next to
     * the id in the campaigns' {@code retargeted} decisions.
     */
    Moved succeed(Agency predecessor, Agency successor, Agency.SuccessionKind kind, boolean dryRun, String actor,
                  String actorName);

    /** What moved (or would) to the successor. */
    record Moved(int repointedPredecessors, int planTasks, int templates, int campaigns) {
    }
}
