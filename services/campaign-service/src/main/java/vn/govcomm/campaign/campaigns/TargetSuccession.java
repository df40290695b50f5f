package vn.govcomm.campaign.campaigns;

import vn.govcomm.campaign.directory.Agency;
import vn.govcomm.contracts.Channels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Targets that name a succeeded agency, made to name its successor: the campaigns' drafts and the templates both
 * follow this one rule.
 */
public final class TargetSuccession {

    private TargetSuccession() {
    }

    /**
     * {@code targets} with the agency target of {@code from} naming {@code to}; when {@code to} is targeted already (or
     * {@code from} twice) the targets become one, at the place of the first, with the channels of both. Group and
     * hierarchy targets are left alone: they resolve against the directory, which skips inactive agencies. The same
     * list when {@code from} is not targeted.
     */
    public static List<Campaign.Target> retarget(List<Campaign.Target> targets, String from, String to) {
        if (targets == null || targets.stream().noneMatch(t -> from.equals(t.agencyId()))) {
            return targets;
        }
        List<Campaign.Target> out = new ArrayList<>();
        int merged = -1;
        Set<String> channels = new LinkedHashSet<>();
        for (Campaign.Target t : targets) {
            if (from.equals(t.agencyId()) || to.equals(t.agencyId())) {
                channels.addAll(t.channels() == null ? List.of() : t.channels());
                if (merged < 0) {
                    merged = out.size();
                    out.add(null);
                }
            } else {
                out.add(t);
            }
        }
        out.set(merged, Campaign.Target.agency(to, channels.stream()
                .sorted(Comparator.comparingInt(Channels::order)).toList()));
        return out;
    }

    /** The channels the successor's target asks for that the successor has no endpoint for (to be reviewed). */
    public static List<String> missingChannels(List<Campaign.Target> targets, Agency successor) {
        return targets.stream().filter(t -> successor.agencyId().equals(t.agencyId()))
                .flatMap(t -> t.channels().stream()).filter(c -> !successor.hasChannel(c)).distinct().toList();
    }
}
