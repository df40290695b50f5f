package vn.govcomm.deployment;

import java.util.LinkedHashMap;
import java.util.Map;

import vn.govcomm.deployment.Kustomize.Rendered;
import vn.govcomm.deployment.Platform.App;
import vn.govcomm.deployment.Repo.Y;

/**
 * The environment an app's container gets from a rendered kustomization, as the kubelet builds it: envFrom
 * ConfigMaps first, then env entries (which win), each variable either a literal (a value, or a ConfigMap's data)
 * or a reference to a Secret key (whose value is not in the manifests).
 */
final class ContainerEnv {

	/** One variable: a literal value, or where its value comes from. */
	record Value(String literal, String secretName, String secretKey, String configMapName, String configMapKey,
			boolean optional) {

		static Value literal(String value) {
			return new Value(value, null, null, null, null, false);
		}

		static Value secret(String name, String key) {
			return new Value(null, name, key, null, null, false);
		}

		boolean fromSecret() {
			return this.secretName != null;
		}

		boolean fromConfigMap() {
			return this.configMapName != null;
		}

		boolean isLiteral(String expected) {
			return !fromSecret() && expected.equals(this.literal);
		}

		boolean isSecret(String name, String key) {
			return name.equals(this.secretName) && key.equals(this.secretKey);
		}

		@Override
		public String toString() {
			if (fromSecret()) {
				return "Secret " + this.secretName + " key " + this.secretKey;
			}
			return fromConfigMap() ? "ConfigMap " + this.configMapName + " key " + this.configMapKey + " = " + this.literal
					: String.valueOf(this.literal);
		}
	}

	private ContainerEnv() {
	}

	static Map<String, Value> of(Rendered rendered, App app) {
		return of(rendered, KubernetesManifestTests.container(rendered, app));
	}

	static Map<String, Value> of(Rendered rendered, Map<String, Object> container) {
		Map<String, Value> env = new LinkedHashMap<>();
		for (Map<String, Object> source : Y.maps(container.get("envFrom"))) {
			String configMap = Y.str(source, "configMapRef", "name");
			if (configMap != null) {
				Y.mapAt(rendered.configMap(configMap), "data")
					.forEach((key, value) -> env.put(key, new Value(String.valueOf(value), null, null, configMap, key, false)));
			}
			String secret = Y.str(source, "secretRef", "name");
			if (secret != null) {
				env.put("<every key of Secret " + secret + ">", Value.secret(secret, "*"));
			}
		}
		for (Map<String, Object> variable : Y.maps(container.get("env"))) {
			String name = Y.str(variable, "name");
			Map<String, Object> secretRef = Y.mapAt(variable, "valueFrom", "secretKeyRef");
			Map<String, Object> configMapRef = Y.mapAt(variable, "valueFrom", "configMapKeyRef");
			if (!secretRef.isEmpty()) {
				env.put(name, new Value(null, Y.str(secretRef, "name"), Y.str(secretRef, "key"), null, null,
						Boolean.TRUE.equals(secretRef.get("optional"))));
			}
			else if (!configMapRef.isEmpty()) {
				String configMap = Y.str(configMapRef, "name");
				String key = Y.str(configMapRef, "key");
				env.put(name, new Value(Y.str(rendered.configMap(configMap), "data", key), null, null, configMap, key,
						Boolean.TRUE.equals(configMapRef.get("optional"))));
			}
			else {
				env.put(name, Value.literal(Y.str(variable, "value")));
			}
		}
		return env;
	}

}
