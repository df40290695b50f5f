package vn.govcomm.campaign.succession;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.campaign.directory.Agency;
import vn.govcomm.campaign.directory.AgencyDirectory;
import vn.govcomm.kit.web.ApiProblem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The units directly under a succeeded agency move under its successor, so "every unit under" the successor
 * ({@code descendantsOf}, the publisher's replica of the directory) includes them. For both kinds: a merged agency's
 * units now belong to the agency that absorbed it, and a renamed body keeps its units under its new id (the old id is
 * inactive and would leave them under nothing that is targeted any more).
 * <p>
 * The successor itself, when it was one of those units or below one, takes the predecessor's place instead (it and
 * the units above it get the predecessor's parent): the hierarchy never gets a cycle.
 */
@Component
class ChildrenSuccession {

    /** A unit edited meanwhile is read again and retried; this many passes, then the caller repeats the request. */
    static final int PASSES = 3;

    private final AgencyDirectory directory;

    ChildrenSuccession(AgencyDirectory directory) {
        this.directory = directory;
    }

    /** A unit that was (or, in a dry run, would be) moved from the predecessor to {@code parentId}. */
    record Reparented(String agencyId, String name, String parentId) {
    }

    /**
     * Moves the units under {@code predecessor}: per unit one update of its parent (a new AgencyChanged snapshot and an
     * audit entry) guarded by the version it was read at; a unit changed meanwhile is read again, up to {@link #PASSES}
     * passes. {@code dryRun}: only what would move.
     */
    List<Reparented> reparent(Agency predecessor, Agency successor, String actor, boolean dryRun) {
        Set<String> aboveSuccessor = ancestors(successor);
        Map<String, Reparented> moved = new LinkedHashMap<>();
        for (int pass = 0; pass < PASSES; pass++) {
            List<Agency> children = new ArrayList<>(directory.childrenOf(predecessor.agencyId()));
            children.sort(Comparator.comparing(Agency::agencyId));
            boolean changedMeanwhile = false;
            for (Agency child : children) {
                String parent = child.agencyId().equals(successor.agencyId()) || aboveSuccessor.contains(child.agencyId())
                        ? predecessor.parentId() : successor.agencyId();
                moved.put(child.agencyId(), new Reparented(child.agencyId(), child.name(), parent));
                if (dryRun) {
                    continue;
                }
                try {
                    directory.update(child, withParent(child, parent), child.version(), actor);
                } catch (ApiProblem e) {
                    if (e.status() != HttpStatus.PRECONDITION_FAILED) {
                        throw e;
                    }
                    changedMeanwhile = true;
                }
            }
            if (!changedMeanwhile) {
                return List.copyOf(moved.values());
            }
        }
        throw new ApiProblem(HttpStatus.CONFLICT, "concurrent-change",
                "Các đơn vị trực thuộc " + predecessor.agencyId() + " liên tục bị sửa; hãy gửi lại yêu cầu để hoàn tất. / "
                        + "Units under " + predecessor.agencyId() + " kept changing meanwhile; send the request again to finish.");
    }

    /** The agencies above {@code agency} in the hierarchy (its parent, the parent's parent, ...). */
    private Set<String> ancestors(Agency agency) {
        Set<String> seen = new HashSet<>();
        for (Optional<String> parent = Optional.ofNullable(agency.parentId()); parent.isPresent() && seen.add(parent.get());
             parent = directory.find(parent.get()).map(Agency::parentId)) {
            // walked to the top (or round a cycle an admin wrote: the seen set stops it)
        }
        return seen;
    }

    private static Agency withParent(Agency a, String parentId) {
        return new Agency(a.agencyId(), a.name(), a.shortName(), a.type(), parentId, a.groups(), a.contactEmail(),
                a.active(), a.endpoints(), a.version(), a.successorId(), a.successionKind(), a.succeededAt(),
                a.provinceId(), a.national());
    }
}
