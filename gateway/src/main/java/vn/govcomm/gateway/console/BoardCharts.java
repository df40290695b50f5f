package vn.govcomm.gateway.console;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.ChartSvg.Series;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The board's charts from the reporting service's timeline ({@code GET /api/reports/campaigns/{id}/timeline}: rows
 * counted by local hour or day of their latest status, channel and status, and by agency group and status), with the
 * user's caller token: deliveries over time (cumulative, stacked by status), per channel and per agency group, each
 * as SVG ({@link ChartSvg}) and as a table of the same figures.
 */
@Component
class BoardCharts {

    static final String TIMELINE = "/api/reports/campaigns/{id}/timeline";
    /** Beyond this many hours or days the gaps are not filled in (the axis then skips empty buckets). */
    static final int MAX_FILLED_BUCKETS = 24 * 31;

    private static final DateTimeFormatter HOUR_IN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final DateTimeFormatter HOUR_OUT = DateTimeFormatter.ofPattern("dd/MM HH:mm");
    private static final DateTimeFormatter DAY_OUT = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final PlatformApi api;
    private final ConsoleWords words;
    private final ConsolePages pages;

    BoardCharts(PlatformApi api, ConsoleWords words, ConsolePages pages) {
        this.api = api;
        this.words = words;
        this.pages = pages;
    }

    /** A table of the figures: column headings, then rows of a label and one number per column. */
    record Table(List<String> columns, List<Row> rows) {
        record Row(String label, List<Long> values) {
        }
    }

    /** A legend entry: the status, its words and icon, its colour, its total. */
    record Legend(String status, String words, String icon, String colour, long total) {
    }

    /** Empty when nothing was delivered yet; the SVGs are safe markup (every text escaped by {@link ChartSvg}). */
    record Charts(boolean empty, String unit, List<Legend> legend, String timeSvg, Table timeTable, String channelSvg,
                  Table channelTable, String groupSvg, Table groupTable) {
    }

    Charts read(Identity me, String campaignId) {
        return of(api.get(Service.REPORTING, me, TIMELINE, campaignId));
    }

    Charts of(JsonNode timeline) {
        String unit = "hour".equals(timeline.path("unit").asString("")) ? "hour" : "day";
        Map<String, Map<String, Long>> byBucket = new TreeMap<>();          // bucket → status → count
        Map<String, Map<String, Long>> byChannel = new LinkedHashMap<>();   // channel → status → count
        Map<String, Map<String, Long>> byGroup = new TreeMap<>();           // group → status → count
        Map<String, Long> totals = new LinkedHashMap<>();
        for (JsonNode cell : timeline.path("series")) {
            String status = cell.path("status").asString("");
            long count = cell.path("count").asLong(0);
            add(byBucket, cell.path("bucket").asString(""), status, count);
            add(byChannel, cell.path("channel").asString(""), status, count);
            totals.merge(status, count, Long::sum);
        }
        for (JsonNode cell : timeline.path("groups")) {
            add(byGroup, cell.path("group").asString(""), cell.path("status").asString(""), cell.path("count").asLong(0));
        }
        List<String> statuses = new ArrayList<>(ConsoleWords.DELIVERY_STATUSES.stream().filter(totals::containsKey).toList());
        totals.keySet().stream().filter(s -> !statuses.contains(s)).forEach(statuses::add);
        if (statuses.isEmpty()) {
            return new Charts(true, unit, List.of(), null, null, null, null, null, null);
        }
        List<Legend> legend = statuses.stream().map(s -> new Legend(s, words.label("status", s), words.icon("status", s),
                ChartSvg.COLOURS.getOrDefault(s, ChartSvg.OTHER_COLOUR), totals.get(s))).toList();
        List<String> statusWords = legend.stream().map(l -> l.icon() + " " + l.words()).toList();

        // over time: every bucket between the first and the last, counts cumulated
        List<String> buckets = filled(new ArrayList<>(byBucket.keySet()), unit);
        List<String> bucketLabels = buckets.stream().map(b -> label(b, unit)).toList();
        List<Series> cumulative = new ArrayList<>();
        List<Table.Row> timeRows = new ArrayList<>();
        long[][] perBucket = new long[statuses.size()][buckets.size()];
        for (int b = 0; b < buckets.size(); b++) {
            Map<String, Long> counts = byBucket.getOrDefault(buckets.get(b), Map.of());
            for (int s = 0; s < statuses.size(); s++) {
                perBucket[s][b] = counts.getOrDefault(statuses.get(s), 0L);
            }
        }
        long running = 0;
        for (int b = 0; b < buckets.size(); b++) {
            List<Long> values = new ArrayList<>();
            for (int s = 0; s < statuses.size(); s++) {
                values.add(perBucket[s][b]);
                running += perBucket[s][b];
            }
            values.add(running);
            timeRows.add(new Table.Row(bucketLabels.get(b), values));
        }
        for (int s = 0; s < statuses.size(); s++) {
            long[] sums = new long[buckets.size()];
            long sum = 0;
            for (int b = 0; b < buckets.size(); b++) {
                sum += perBucket[s][b];
                sums[b] = sum;
            }
            cumulative.add(new Series(statuses.get(s), statusWords.get(s), sums));
        }
        List<String> timeColumns = new ArrayList<>(statusWords);
        timeColumns.add(pages.message("chart.cumulative"));
        long total = totals.values().stream().mapToLong(Long::longValue).sum();
        String timeSvg = ChartSvg.area("chart-time", pages.message("chart.time.title"),
                pages.message("chart.time.desc", total, bucketLabels.getFirst(), bucketLabels.getLast(),
                        summary(legend)), bucketLabels, cumulative);

        List<String> channels = new ArrayList<>(byChannel.keySet());
        List<String> channelLabels = channels.stream().map(c -> words.label("channel", c)).toList();
        Table channelTable = table(channels, channelLabels, byChannel, statuses, statusWords);
        String channelSvg = ChartSvg.bars("chart-channels", pages.message("chart.channels.title"),
                pages.message("chart.channels.desc", channels.size(), summary(legend)), channelLabels,
                series(channels, byChannel, statuses, statusWords));

        List<String> groups = new ArrayList<>(byGroup.keySet());
        List<String> groupLabels = groups.stream().map(g -> g.isBlank() ? pages.message("chart.noGroup")
                : words.label("group", g)).toList();
        Table groupTable = table(groups, groupLabels, byGroup, statuses, statusWords);
        String groupSvg = groups.isEmpty() ? null : ChartSvg.bars("chart-groups", pages.message("chart.groups.title"),
                pages.message("chart.groups.desc", groups.size()), groupLabels,
                series(groups, byGroup, statuses, statusWords));
        return new Charts(false, unit, legend, timeSvg, new Table(timeColumns, timeRows), channelSvg, channelTable,
                groupSvg, groupTable);
    }

    private static void add(Map<String, Map<String, Long>> into, String key, String status, long count) {
        into.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(status, count, Long::sum);
    }

    private static List<Series> series(List<String> keys, Map<String, Map<String, Long>> counts, List<String> statuses,
                                       List<String> statusWords) {
        List<Series> series = new ArrayList<>();
        for (int s = 0; s < statuses.size(); s++) {
            long[] values = new long[keys.size()];
            for (int k = 0; k < keys.size(); k++) {
                values[k] = counts.get(keys.get(k)).getOrDefault(statuses.get(s), 0L);
            }
            series.add(new Series(statuses.get(s), statusWords.get(s), values));
        }
        return series;
    }

    private Table table(List<String> keys, List<String> labels, Map<String, Map<String, Long>> counts,
                        List<String> statuses, List<String> statusWords) {
        List<String> columns = new ArrayList<>(statusWords);
        columns.add(pages.message("chart.total"));
        List<Table.Row> rows = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            List<Long> values = new ArrayList<>();
            long sum = 0;
            for (String status : statuses) {
                long value = counts.get(keys.get(k)).getOrDefault(status, 0L);
                values.add(value);
                sum += value;
            }
            values.add(sum);
            rows.add(new Table.Row(labels.get(k), values));
        }
        return new Table(columns, rows);
    }

    /** "✓ Đã đăng 3, ✗ Lỗi 2": the totals in words for a chart's description. */
    private static String summary(List<Legend> legend) {
        return String.join(", ", legend.stream().map(l -> l.words() + " " + l.total()).toList());
    }

    /** The buckets from the first to the last with none missing (empty hours or days count 0), unless too many. */
    static List<String> filled(List<String> present, String unit) {
        if (present.size() < 2) {
            return present;
        }
        try {
            Set<String> all = new LinkedHashSet<>();
            if ("hour".equals(unit)) {
                LocalDateTime last = LocalDateTime.parse(present.getLast(), HOUR_IN);
                for (LocalDateTime t = LocalDateTime.parse(present.getFirst(), HOUR_IN); !t.isAfter(last); t = t.plusHours(1)) {
                    if (all.size() >= MAX_FILLED_BUCKETS) {
                        return present;
                    }
                    all.add(t.format(HOUR_IN));
                }
            } else {
                LocalDate last = LocalDate.parse(present.getLast());
                for (LocalDate d = LocalDate.parse(present.getFirst()); !d.isAfter(last); d = d.plusDays(1)) {
                    if (all.size() >= MAX_FILLED_BUCKETS) {
                        return present;
                    }
                    all.add(d.toString());
                }
            }
            all.addAll(present);
            return all.stream().sorted().toList();
        } catch (DateTimeParseException e) {
            return present;
        }
    }

    /** "05/12 08:00" for an hour, "05/12/2026" for a day (already local times); as it came when unreadable. */
    static String label(String bucket, String unit) {
        try {
            return "hour".equals(unit) ? LocalDateTime.parse(bucket, HOUR_IN).format(HOUR_OUT)
                    : LocalDate.parse(bucket).format(DAY_OUT);
        } catch (DateTimeParseException e) {
            return bucket;
        }
    }
}
