package vn.govcomm.gateway.console;

import org.springframework.stereotype.Component;
import vn.govcomm.gateway.console.AgencyNames.Agency;
import vn.govcomm.gateway.security.Identity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wizard's agency picker, answered on the server from the directory the console already keeps
 * ({@link AgencyNames}): a page shows at most {@link #LIMIT} agencies, so 10,000 agencies never become 10,000
 * checkboxes. A search ("so y te" finds "Sở Y tế": case and diacritics ignored) looks at every agency and group; with
 * no search the chosen group's agencies are listed, or the units directly under the agency being browsed. Each
 * agency with units under it also offers them all as one {@code descendantsOf} target, and each group itself as one
 * {@code group} target: both are resolved against the directory when the campaign is approved.
 */
@Component
class AgencyPicker {

    static final int LIMIT = 50;

    private final AgencyNames directory;
    private final ConsolePages pages;

    AgencyPicker(AgencyNames directory, ConsolePages pages) {
        this.directory = directory;
        this.pages = pages;
    }

    /** An agency as a choice: its names, its parent's name, and how many units are under it (0: none). */
    record Option(String id, String name, String shortName, String parentName, int units) {
    }

    /** A group as a choice, with its name in the page's language and how many agencies it has now. */
    record GroupOption(String id, String name, int agencies) {
    }

    /**
     * What the picker shows: the groups and agencies offered (without those already chosen), how many agencies
     * matched in all ({@code matched} &gt; shown: refine the search), and the agency being browsed (null: none).
     */
    record Results(List<GroupOption> groups, List<Option> agencies, int matched, Option browsing) {
    }

    Results search(Identity me, CampaignForm form) {
        Map<String, Agency> all = directory.all(me);
        Map<String, Integer> units = units(all);
        String query = AgencyNames.fold(form.agencyQuery());
        String browse = form.browse() == null ? "" : form.browse().strip();
        String group = form.group() != null && CampaignWizardController.GROUPS.contains(form.group()) ? form.group() : "";
        List<GroupOption> groups = new ArrayList<>();
        for (String g : CampaignWizardController.GROUPS) {
            String name = pages.message("group." + g);
            boolean offered = query.isEmpty() ? browse.isEmpty() && g.equals(group)
                    : AgencyNames.fold(name).contains(query) || g.contains(query);
            if (offered && !form.chose(CampaignForm.GROUP, g)) {
                groups.add(new GroupOption(g, name, (int) all.values().stream().filter(a -> a.groups().contains(g)).count()));
            }
        }
        // in the order of the names without accents (a plain string order: a collator over 10,000 names is too slow)
        List<Agency> matching = all.values().stream().filter(a -> !query.isEmpty() ? a.matches(query)
                        : !browse.isEmpty() ? a.parentId().equals(browse) : a.groups().contains(group))
                .sorted(Comparator.comparing(Agency::sortKey).thenComparing(Agency::id)).toList();
        List<Option> shown = matching.stream().limit(LIMIT).map(a -> option(a, all, units)).toList();
        Option browsing = browse.isEmpty() || !all.containsKey(browse) ? null : option(all.get(browse), all, units);
        return new Results(groups, shown, matching.size(), query.isEmpty() ? browsing : null);
    }

    /** The chosen targets in words, each with the channels it gets (its own, else the campaign's) and their names. */
    record Chosen(CampaignForm.Target target, String label, String detail, List<String> channels, String channelNames,
                  boolean narrowed) {
        public String key() {
            return target.key();
        }
    }

    List<Chosen> chosen(Identity me, CampaignForm form) {
        Map<String, Agency> all = directory.all(me);
        List<String> campaignChannels = CampaignForm.ALL_CHANNELS.stream().filter(form.channels()::contains).toList();
        return form.targets().stream().map(t -> {
            Agency agency = all.get(t.id());
            String name = agency == null ? t.id() : agency.label();
            String label = switch (t.kind()) {
                case CampaignForm.GROUP -> pages.message("picker.wholeGroup", groupName(t.id()));
                case CampaignForm.UNDER -> pages.message("picker.allUnder", name);
                default -> name;
            };
            String detail = switch (t.kind()) {
                case CampaignForm.GROUP -> pages.message("picker.groupResolved");
                case CampaignForm.UNDER -> pages.message("picker.underResolved", descendants(t.id(), all));
                default -> agency == null || agency.parentId().isBlank() ? ""
                        : pages.message("picker.under", all.containsKey(agency.parentId())
                        ? all.get(agency.parentId()).label() : agency.parentId());
            };
            boolean narrowed = !t.narrowed().isEmpty();
            List<String> channels = narrowed ? t.narrowed() : campaignChannels;
            return new Chosen(t, label, detail, channels,
                    String.join(", ", channels.stream().map(ch -> pages.message("channel." + ch)).toList()), narrowed);
        }).toList();
    }

    /** How many units are directly under each agency that has any. */
    private static Map<String, Integer> units(Map<String, Agency> all) {
        Map<String, Integer> units = new HashMap<>();
        all.values().forEach(a -> {
            if (!a.parentId().isBlank()) {
                units.merge(a.parentId(), 1, Integer::sum);
            }
        });
        return units;
    }

    private String groupName(String group) {
        return pages.has("group." + group) ? pages.message("group." + group) : group;
    }

    private static Option option(Agency a, Map<String, Agency> all, Map<String, Integer> units) {
        Agency parent = a.parentId().isBlank() ? null : all.get(a.parentId());
        return new Option(a.id(), a.label(), a.shortLabel(), parent == null ? "" : parent.label(),
                units.getOrDefault(a.id(), 0));
    }

    /** Every unit under {@code id}, at any depth (a cycle in the directory is not followed twice). */
    private static int descendants(String id, Map<String, Agency> all) {
        Map<String, List<String>> children = new HashMap<>();
        all.values().forEach(a -> children.computeIfAbsent(a.parentId(), p -> new ArrayList<>()).add(a.id()));
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(children.getOrDefault(id, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (!next.equals(id) && seen.add(next)) {
                todo.addAll(children.getOrDefault(next, List.of()));
            }
        }
        return seen.size();
    }
}
