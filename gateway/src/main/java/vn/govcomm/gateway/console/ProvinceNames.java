package vn.govcomm.gateway.console;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.AgencyNames.Agency;
import vn.govcomm.gateway.security.Identity;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provinces in people's words: the names come from the campaign service's list of the 34 codes
 * ({@code GET /api/agencies/provinces}, read once: it changes only with a reform of the provinces), so the console
 * keeps no copy of it. The provinces offered are those that have agencies in the directory ({@link AgencyNames}; a
 * province without any has nobody to reach). A code the list does not know (an older service) is named by
 * {@code province.unnamed} with its code.
 */
@Component
class ProvinceNames {

    /** The campaign service's refusal of a target outside the issuer's province. */
    static final String OUTSIDE_PROVINCE = "target-outside-province";
    private static final Pattern TARGET_FIELD = Pattern.compile("targets\\[(\\d+)]\\.(agencyId|province)");

    private final AgencyNames directory;
    private final ConsolePages pages;
    private final Function<Identity, JsonNode> provinceList;
    private volatile Map<String, String> names = Map.of();

    @Autowired
    ProvinceNames(AgencyNames directory, ConsolePages pages, PlatformApi api) {
        this(directory, pages, reader -> api.get(PlatformApi.Service.CAMPAIGNS, reader, "/api/agencies/provinces"));
    }

    ProvinceNames(AgencyNames directory, ConsolePages pages, Function<Identity, JsonNode> provinceList) {
        this.directory = directory;
        this.pages = pages;
        this.provinceList = provinceList;
    }

    /** The provinces that have agencies, code → name, by name. */
    Map<String, String> all(Identity reader) {
        Map<String, Agency> agencies = directory.all(reader);
        Map<String, String> out = new LinkedHashMap<>();
        agencies.values().stream().filter(a -> !a.national() && !a.provinceId().isBlank()).map(Agency::provinceId)
                .distinct().map(code -> Map.entry(code, nameOf(reader, code)))
                .sorted(Comparator.comparing((Map.Entry<String, String> e) -> AgencyNames.fold(e.getValue())))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Every province of the service's list, code → name, by name: where an admin files an agency or filters the
     * directory (a province may have no agency yet, and the directory the console keeps may be minutes old).
     */
    Map<String, String> every(Identity reader) {
        Map<String, String> out = new LinkedHashMap<>();
        names(reader).entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, String> e) -> AgencyNames.fold(e.getValue())))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** "Tỉnh Khánh Hòa", "Thành phố Hà Nội". */
    String name(Identity reader, String code) {
        return nameOf(reader, code);
    }

    /** "Toàn tỉnh Khánh Hòa" (en: "All of Tỉnh Khánh Hòa"). */
    String whole(Identity reader, String code) {
        String name = name(reader, code);
        return pages.message("province.whole", name, lowerFirst(name));
    }

    /**
     * A {@code target-outside-province} refusal in words naming the agencies (and provinces) outside the officer's
     * province: the service's field problems {@code targets[i].agencyId} / {@code targets[i].province} point into
     * {@code targetIds} (the request's targets in order: an agency id, a province code). Empty for any other failure.
     */
    Optional<String> outside(Identity me, PlatformApi.ApiFailure failure, List<String> targetIds) {
        if (!OUTSIDE_PROVINCE.equals(failure.code)) {
            return Optional.empty();
        }
        Map<String, Agency> agencies = directory.all(me);
        Set<String> names = new LinkedHashSet<>();
        failure.problem.path("errors").forEach(err -> {
            Matcher m = TARGET_FIELD.matcher(err.path("field").asString(""));
            if (OUTSIDE_PROVINCE.equals(err.path("code").asString("")) && m.matches()
                    && Integer.parseInt(m.group(1)) < targetIds.size()) {
                String id = targetIds.get(Integer.parseInt(m.group(1)));
                names.add(m.group(2).equals("province") ? nameOf(me, id)
                        : agencies.containsKey(id) ? agencies.get(id).label() : id);
            }
        });
        Agency issuer = agencies.get(me.agency());
        if (names.isEmpty() || issuer == null || issuer.national()) {
            return Optional.of(failure.getMessage());
        }
        return Optional.of(pages.message("wizard.outsideProvince", nameOf(me, issuer.provinceId()),
                String.join(", ", names)));
    }

    private String nameOf(Identity reader, String code) {
        String name = names(reader).get(code);
        return name != null ? name : pages.message("province.unnamed", code);
    }

    /** The service's names, read with the first reader that needs them (any signed-in user may read the list). */
    private Map<String, String> names(Identity reader) {
        Map<String, String> known = names;
        if (known.isEmpty()) {
            Map<String, String> read = new LinkedHashMap<>();
            provinceList.apply(reader).forEach(p -> read.put(p.path("provinceId").asString(""), p.path("name").asString("")));
            names = known = Map.copyOf(read);
        }
        return known;
    }

    private static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
