package vn.govcomm.deployment;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Binds a manifest to the Kubernetes API's typed model (fabric8) and reports every field the API type does not
 * have, with its path: a misspelt or misplaced key that kubectl would reject or, worse, silently drop. A value of
 * the wrong type fails the binding itself. This stands in for kubeconform, which cannot be installed here.
 */
final class KubernetesModel {

	private static final Map<String, Class<?>> TYPES = Map.of(
			"v1/Namespace", Namespace.class,
			"v1/ConfigMap", ConfigMap.class,
			"v1/Service", Service.class,
			"apps/v1/Deployment", Deployment.class,
			"autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
			"policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
			"networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

	private static final ObjectMapper MAPPER = new ObjectMapper()
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

	private KubernetesModel() {
	}

	static boolean knows(Map<String, Object> document) {
		return TYPES.containsKey(key(document));
	}

	static List<String> unknownFields(Map<String, Object> document) {
		Object typed = MAPPER.convertValue(document, TYPES.get(key(document)));
		List<String> unknown = new ArrayList<>();
		walk(typed, String.valueOf(document.get("kind")), unknown);
		return unknown;
	}

	private static String key(Map<String, Object> document) {
		return document.get("apiVersion") + "/" + document.get("kind");
	}

	private static void walk(Object value, String path, List<String> unknown) {
		if (value == null) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			int index = 0;
			for (Object element : collection) {
				walk(element, path + "[" + index++ + "]", unknown);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, element) -> walk(element, path + "." + key, unknown));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
				continue;
			}
			Object property = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
					extra.keySet().forEach((key) -> unknown.add(path + "." + key));
				}
			}
			else {
				walk(property, path + "." + decapitalize(getter.getName().substring(3)), unknown);
			}
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			return null;
		}
	}

	private static String decapitalize(String name) {
		return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

}
