package vn.govcomm.deployment;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL lexing to list the metric names an expression reads. */
final class PromQl {

	private static final Set<String> KEYWORDS = Set.of("sum", "avg", "min", "max", "count", "stddev", "stdvar",
			"topk", "bottomk", "quantile", "count_values", "group", "by", "without", "on", "ignoring", "group_left",
			"group_right", "and", "or", "unless", "bool", "offset", "rate", "irate", "increase", "delta", "idelta",
			"avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "count_over_time", "last_over_time",
			"histogram_quantile", "abs", "absent", "clamp_min", "clamp_max", "label_values", "label_replace", "time",
			"vector", "scalar");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private PromQl() {
	}

	static Set<String> metricNames(String expression) {
		// Drop label matchers, grouping clauses, strings and range selectors before looking for names.
		String stripped = expression.replaceAll("\"[^\"]*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\$[a-zA-Z_]+", " ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(stripped);
		while (matcher.find()) {
			String token = matcher.group();
			boolean number = matcher.start() > 0 && Character.isDigit(stripped.charAt(matcher.start() - 1));
			if (!KEYWORDS.contains(token) && !number) {
				names.add(token);
			}
		}
		return names;
	}

}
