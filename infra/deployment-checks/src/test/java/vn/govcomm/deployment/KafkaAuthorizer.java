package vn.govcomm.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.metadata.authorizer.StandardAcl;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;

import vn.govcomm.deployment.KafkaAccess.Acl;

/**
 * Kafka's own authorizer of KRaft clusters (the one Strimzi's {@code authorization: simple} and compose's
 * {@code authorizer.class.name} run), loaded with a set of ACLs and asked what a user may do: Kafka's semantics
 * (implied Describe, prefixed patterns, deny rules, no-ACL default) rather than a re-implementation of them.
 */
final class KafkaAuthorizer implements AutoCloseable {

	private final StandardAuthorizer authorizer = new StandardAuthorizer();

	private final Metrics metrics = new Metrics();

	KafkaAuthorizer(Collection<Acl> acls) {
		// A broker hands its authorizer a metrics registry before use; authorize() records into it.
		this.authorizer.withPluginMetrics(new PluginMetricsImpl(this.metrics, Map.of()));
		this.authorizer.configure(Map.of(StandardAuthorizer.ALLOW_EVERYONE_IF_NO_ACL_IS_FOUND_CONFIG, "false"));
		Map<Uuid, StandardAcl> snapshot = new LinkedHashMap<>();
		for (Acl acl : acls) {
			snapshot.put(Uuid.randomUuid(),
					new StandardAcl(ResourceType.fromString(acl.resourceType()), acl.name(),
							PatternType.fromString(acl.patternType()), acl.principal(), acl.host(),
							AclOperation.fromString(acl.operation()), AclPermissionType.fromString(acl.permission())));
		}
		this.authorizer.loadSnapshot(snapshot);
		this.authorizer.completeInitialLoad();
	}

	boolean allowed(String user, String operation, String resourceType, String name) {
		Action action = new Action(AclOperation.fromString(operation),
				new ResourcePattern(ResourceType.fromString(resourceType), name, PatternType.LITERAL), 1, false, false);
		return this.authorizer.authorize(context(user), List.of(action)).get(0) == AuthorizationResult.ALLOWED;
	}

	/**
	 * Whether the broker lets this user's idempotent producer get a producer id: since Kafka 2.8 (KIP-679) it
	 * needs IDEMPOTENT_WRITE on the cluster or WRITE on any topic (KafkaApis.handleInitProducerIdRequest).
	 */
	boolean mayInitIdempotentProducer(String user) {
		return allowed(user, "IDEMPOTENT_WRITE", "CLUSTER", "kafka-cluster") || this.authorizer
			.authorizeByResourceType(context(user), AclOperation.WRITE, ResourceType.TOPIC) == AuthorizationResult.ALLOWED;
	}

	private static AuthorizableRequestContext context(String user) {
		return new AuthorizableRequestContext() {

			@Override
			public String listenerName() {
				return "CLIENT";
			}

			@Override
			public SecurityProtocol securityProtocol() {
				return SecurityProtocol.SASL_SSL;
			}

			@Override
			public KafkaPrincipal principal() {
				return new KafkaPrincipal(KafkaPrincipal.USER_TYPE, user);
			}

			@Override
			public InetAddress clientAddress() {
				return InetAddress.getLoopbackAddress();
			}

			@Override
			public int requestType() {
				return 0;
			}

			@Override
			public int requestVersion() {
				return 0;
			}

			@Override
			public String clientId() {
				return "deployment-checks";
			}

			@Override
			public int correlationId() {
				return 0;
			}
		};
	}

	@Override
	public void close() {
		try {
			this.authorizer.close();
			this.metrics.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
