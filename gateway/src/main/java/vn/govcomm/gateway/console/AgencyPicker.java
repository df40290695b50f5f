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
 * <p>
 * Provinces ({@link Scope}): an officer of a province's agency is offered only that province's agencies and groups
 * (the campaign service refuses any other, {@code target-outside-province}, and resolves groups inside the province);
 * an officer of a national agency chooses a province (or none: every province), and is then offered that province's
 * agencies, the whole province as one target and its groups narrowed to it.
 */
@Component
class AgencyPicker {

    static final int LIMIT = 50;

    private final AgencyNames directory;
    private final ConsolePages pages;

    private final ProvinceNames provinces;

    AgencyPicker(AgencyNames directory, ConsolePages pages, ProvinceNames provinces) {
        this.directory = directory;
        this.pages = pages;
        this.provinces = provinces;
    }

    /**
     * Whom the signed-in officer's agency may reach: {@code national} (then {@code provinces}, code → name, to choose
     * from, and the chosen {@code selected}, blank: every province) or the agencies of {@code provinceId}; both blank
     * while the directory does not know the officer's agency (the service still decides).
     */
    record Scope(boolean national, String provinceId, String provinceName, Map<String, String> provinces,
                 String selected, String selectedName) {

        /** The province whose agencies are offered (the officer's, or the one a national officer chose); blank: all. */
        String offered() {
            return national ? selected : provinceId;
        }
    }

    Scope scope(Identity me, CampaignForm form) {
        Agency issuer = directory.all(me).get(me.agency());
        if (issuer == null || !issuer.national() && issuer.provinceId().isBlank()) {
            return new Scope(false, "", "", Map.of(), "", "");
        }
        if (!issuer.national()) {
            return new Scope(false, issuer.provinceId(), provinces.name(me, issuer.provinceId()), Map.of(), "", "");
        }
        Map<String, String> all = provinces.all(me);
        String selected = form.province() != null && all.containsKey(form.province().strip()) ? form.province().strip() : "";
        return new Scope(true, "", "", all, selected, selected.isEmpty() ? "" : all.get(selected));
    }

    /** The directory as this officer may target it: its province's agencies, or the chosen province's, or all. */
    private Map<String, Agency> reachable(Identity me, Scope scope) {
        Map<String, Agency> all = directory.all(me);
        String province = scope.offered();
        if (province.isEmpty()) {
            return all;
        }
        Map<String, Agency> in = new HashMap<>();
        all.values().stream().filter(a -> a.in(province)).forEach(a -> in.put(a.id(), a));
        return in;
    }

    /** An agency as a choice: its names, its parent's name, and how many units are under it (0: none). */
    record Option(String id, String name, String shortName, String parentName, int units) {
    }

    /**
     * A group as a choice, with its name in the page's language and how many agencies it has now; {@code kind} and
     * {@code value} as the form posts it (a plain group, or a group narrowed to the chosen province).
     */
    record GroupOption(String id, String name, int agencies, String kind, String value) {
        public String field() {
            return CampaignForm.field(kind);
        }
    }

    /**
     * What the picker shows: the groups and agencies offered (without those already chosen), how many agencies
     * matched in all ({@code matched} &gt; shown: refine the search), and the agency being browsed (null: none).
     */
    record Results(List<GroupOption> groups, List<Option> agencies, int matched, Option browsing, Scope scope,
                   String wholeProvince, int provinceAgencies) {
    }

    Results search(Identity me, CampaignForm form) {
        Scope scope = scope(me, form);
        Map<String, Agency> all = reachable(me, scope);
        boolean narrowGroups = scope.national() && !scope.selected().isEmpty();
        Map<String, Integer> units = units(all);
        String query = AgencyNames.fold(form.agencyQuery());
        String browse = form.browse() == null ? "" : form.browse().strip();
        String group = form.group() != null && CampaignWizardController.GROUPS.contains(form.group()) ? form.group() : "";
        List<GroupOption> groups = new ArrayList<>();
        for (String g : CampaignWizardController.GROUPS) {
            String name = pages.message("group." + g);
            boolean offered = query.isEmpty() ? browse.isEmpty() && g.equals(group)
                    : AgencyNames.fold(name).contains(query) || g.contains(query);
            String kind = narrowGroups ? CampaignForm.GROUP_IN : CampaignForm.GROUP;
            String value = narrowGroups ? CampaignForm.groupIn(g, scope.selected()) : g;
            // a provincial officer's stored group comes back narrowed to its province: the same group, chosen already
            boolean chosen = form.chose(kind, value)
                    || !scope.provinceId().isEmpty() && form.chose(CampaignForm.GROUP_IN, CampaignForm.groupIn(g, scope.provinceId()));
            if (offered && !chosen) {
                groups.add(new GroupOption(g, narrowGroups ? pages.message("picker.groupIn", name, scope.selectedName()) : name,
                        (int) all.values().stream().filter(a -> a.groups().contains(g)).count(), kind, value));
            }
        }
        // in the order of the names without accents (a plain string order: a collator over 10,000 names is too slow)
        List<Agency> matching = all.values().stream().filter(a -> !query.isEmpty() ? a.matches(query)
                        : !browse.isEmpty() ? a.parentId().equals(browse) : a.groups().contains(group))
                .sorted(Comparator.comparing(Agency::sortKey).thenComparing(Agency::id)).toList();
        List<Option> shown = matching.stream().limit(LIMIT).map(a -> option(a, all, units)).toList();
        Option browsing = browse.isEmpty() || !all.containsKey(browse) ? null : option(all.get(browse), all, units);
        // a national officer who chose a province may take it whole ("Toàn tỉnh Khánh Hòa"), unless chosen already
        String wholeProvince = narrowGroups && !form.chose(CampaignForm.PROVINCE, scope.selected())
                ? provinces.whole(me, scope.selected()) : "";
        return new Results(groups, shown, matching.size(), query.isEmpty() ? browsing : null, scope, wholeProvince,
                all.size());
    }

    /** The chosen targets in words, each with the channels it gets (its own, else the campaign's) and their names. */
    record Chosen(CampaignForm.Target target, String label, String detail, List<String> channels, String channelNames,
                  boolean narrowed) {
        public String key() {
            return target.key();
        }

        /** The form field that posts this target. */
        public String field() {
            return CampaignForm.field(target.kind());
        }
    }

    List<Chosen> chosen(Identity me, CampaignForm form) {
        Map<String, Agency> all = directory.all(me);
        Scope scope = scope(me, form);
        List<String> campaignChannels = CampaignForm.ALL_CHANNELS.stream().filter(form.channels()::contains).toList();
        return form.targets().stream().map(t -> {
            Agency agency = all.get(t.id());
            String name = agency == null ? t.id() : agency.label();
            String group = t.kind().equals(CampaignForm.GROUP_IN) ? t.id().substring(0, t.id().indexOf('@')) : t.id();
            String province = t.kind().equals(CampaignForm.GROUP_IN) ? t.id().substring(t.id().indexOf('@') + 1) : t.id();
            String label = switch (t.kind()) {
                case CampaignForm.GROUP -> pages.message("picker.wholeGroup", groupName(t.id()));
                case CampaignForm.GROUP_IN -> pages.message("picker.wholeGroup",
                        pages.message("picker.groupIn", groupName(group), provinces.name(me, province)));
                case CampaignForm.PROVINCE -> pages.message("picker.allOfProvince", provinces.name(me, province));
                case CampaignForm.UNDER -> pages.message("picker.allUnder", name);
                default -> name;
            };
            String detail = switch (t.kind()) {
                // a provincial officer's group reaches its own province only (the campaign service narrows it)
                case CampaignForm.GROUP -> scope.provinceId().isEmpty() ? pages.message("picker.groupResolved")
                        : pages.message("picker.groupResolvedIn", scope.provinceName());
                case CampaignForm.GROUP_IN -> pages.message("picker.groupResolved");
                case CampaignForm.PROVINCE -> pages.message("picker.provinceResolved",
                        all.values().stream().filter(a -> a.in(province)).count());
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
