package vn.govcomm.deployment;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import vn.govcomm.deployment.Repo.Y;

/** Kubernetes label-selector semantics (matchLabels and matchExpressions), for checking selectors offline. */
final class LabelSelectors {

	private LabelSelectors() {
	}

	/** An absent selector selects nothing; an empty one ({}) selects everything. */
	static boolean matches(Object selector, Map<String, String> labels) {
		if (selector == null) {
			return false;
		}
		Map<String, Object> map = Y.map(selector);
		for (Map.Entry<String, Object> entry : Y.mapAt(map, "matchLabels").entrySet()) {
			if (!Objects.equals(labels.get(entry.getKey()), String.valueOf(entry.getValue()))) {
				return false;
			}
		}
		for (Map<String, Object> expression : Y.maps(map.get("matchExpressions"))) {
			String key = Y.str(expression, "key");
			List<String> values = Y.list(expression.get("values")).stream().map(String::valueOf).toList();
			boolean present = labels.containsKey(key);
			boolean ok = switch (Y.str(expression, "operator")) {
				case "In" -> present && values.contains(labels.get(key));
				case "NotIn" -> !present || !values.contains(labels.get(key));
				case "Exists" -> present;
				case "DoesNotExist" -> !present;
				default -> throw new AssertionError("unknown operator in " + expression);
			};
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	@SuppressWarnings("unchecked")
	static Map<String, String> labels(Object labels) {
		return (labels != null) ? (Map<String, String>) (Map<String, ?>) Y.map(labels) : Map.of();
	}

}
