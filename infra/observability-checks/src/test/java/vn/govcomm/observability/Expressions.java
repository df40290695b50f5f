package vn.govcomm.observability;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every PromQL expression the repository ships: Grafana panel targets and Prometheus alert rules. */
final class Expressions {

    /** Where an expression comes from, the expression as written, and the query to run for it. */
    record Expression(String origin, String written, String query, boolean thresholdStripped) {
    }

    private static final Pattern THRESHOLD = Pattern.compile(
            "(?s)^(.*\\S)\\s*(==|!=|>=|<=|>|<)\\s*(-?[0-9.]+(?:[eE][+-]?[0-9]+)?)\\s*$");
    private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");

    private Expressions() {
    }

    static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/grafana/dashboards"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run from inside the repository (infra/grafana/dashboards not found)");
        }
        return dir;
    }

    static List<Expression> dashboards(Path repo) {
        JsonMapper json = JsonMapper.builder().build();
        List<Expression> expressions = new ArrayList<>();
        for (Path file : files(repo.resolve("infra/grafana/dashboards"), ".json")) {
            JsonNode dashboard = json.readTree(read(file));
            List<JsonNode> panels = new ArrayList<>();
            for (JsonNode panel : dashboard.path("panels")) {
                if ("row".equals(panel.path("type").asString())) {
                    panel.path("panels").forEach(panels::add);
                } else {
                    panels.add(panel);
                }
            }
            for (JsonNode panel : panels) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asString();
                    expressions.add(new Expression(file.getFileName() + " / " + panel.path("title").asString()
                            + " / " + target.path("refId").asString(), expr, concrete(expr), false));
                }
            }
        }
        return expressions;
    }

    /**
     * Alert expressions. One that ends in a threshold ({@code x > 0}, {@code x == 1}) is normally empty on a healthy
     * platform, so its left-hand side is queried instead: it must return data (the series the alert watches exist).
     */
    @SuppressWarnings("unchecked")
    static List<Expression> alerts(Path repo) {
        List<Expression> expressions = new ArrayList<>();
        for (Path file : files(repo.resolve("infra/prometheus/alerts"), ".yml")) {
            Map<String, Object> rules = new Yaml().load(read(file));
            for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    String expr = String.valueOf(rule.get("expr")).trim();
                    Matcher m = THRESHOLD.matcher(expr);
                    String name = file.getFileName() + " / " + rule.getOrDefault("alert", rule.get("record"));
                    expressions.add(m.matches() ? new Expression(name, expr, m.group(1), true)
                            : new Expression(name, expr, expr, false));
                }
            }
        }
        return expressions;
    }

    /** Grafana's variables filled in as a dashboard with "All" selected and a short range would. */
    static String concrete(String expr) {
        return expr.replace("$__rate_interval", "30s").replace("$__interval", "30s").replace("$__range", "5m")
                .replaceAll("\\$\\{?[a-zA-Z_]+}?", ".+");
    }

    static Set<String> metrics(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
