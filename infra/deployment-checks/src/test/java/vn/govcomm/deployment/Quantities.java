package vn.govcomm.deployment;

import java.math.BigDecimal;

import io.fabric8.kubernetes.api.model.Quantity;

/** Kubernetes resource quantities ("250m", "1", "512Mi", "1Gi") as numbers, to compare requests with limits. */
final class Quantities {

	private Quantities() {
	}

	static BigDecimal parse(String quantity) {
		return Quantity.getAmountInBytes(new Quantity(quantity));
	}

}
