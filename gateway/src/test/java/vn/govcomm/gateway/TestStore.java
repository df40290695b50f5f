package vn.govcomm.gateway;

import vn.govcomm.embedded.EmbeddedMongo;

/** One in-memory MongoDB-wire store (mongo-java-server) for the gateway's test contexts: the audit trail's store. */
public final class TestStore {

    private static EmbeddedMongo mongo;

    private TestStore() {
    }

    /** The cluster URI (no database: the gateway names its own). */
    public static synchronized String uri() {
        if (mongo == null) {
            mongo = EmbeddedMongo.inMemory();
            Runtime.getRuntime().addShutdownHook(new Thread(mongo::close));
        }
        return mongo.uri("").replaceAll("/$", "");
    }
}
