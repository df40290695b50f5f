// Run by the `mongo-init` one-shot of infra/compose.yaml with mongosh, authenticated as the root user against
// mongo-1 (directConnection). Idempotent: initiates replica set rs0 once, waits (bounded) for a primary, then creates
// or updates the application user that the services use (readWrite on each service database only).
const replicaSet = "rs0";
const members = ["mongo-1:27017", "mongo-2:27017", "mongo-3:27017"];
const serviceDatabases = [
  "govcomm_campaigns", "govcomm_publishing", "govcomm_portal", "govcomm_facebook",
  "govcomm_zalo", "govcomm_led", "govcomm_reporting", "govcomm_manual", "govcomm_email", "govcomm_notifications",
  "govcomm_gateway", // the gateway's audit trail
];

function replicaSetInitiated() {
  try {
    rs.status();
    return true;
  } catch (e) {
    if (e.codeName === "NotYetInitialized" || e.code === 94) {
      return false;
    }
    throw e;
  }
}

if (!replicaSetInitiated()) {
  rs.initiate({
    _id: replicaSet,
    members: members.map((host, i) => ({ _id: i, host: host, priority: i === 0 ? 2 : 1 })),
  });
  print(`initiated replica set ${replicaSet} with ${members.join(", ")}`);
} else {
  print(`replica set ${replicaSet} already initiated`);
}

// An election takes a few seconds; give up after two minutes so a broken set fails the one-shot visibly.
const deadline = Date.now() + 120000;
while (!db.hello().isWritablePrimary) {
  if (Date.now() > deadline) {
    throw new Error("no primary elected within 120 s");
  }
  sleep(1000);
}

const user = process.env.MONGO_APP_USERNAME;
const password = process.env.MONGO_APP_PASSWORD;
if (!user || !password) {
  throw new Error("MONGO_APP_USERNAME and MONGO_APP_PASSWORD must be set");
}
const admin = db.getSiblingDB("admin");
const roles = serviceDatabases.map((name) => ({ role: "readWrite", db: name }));
if (admin.getUser(user) === null) {
  admin.createUser({ user: user, pwd: password, roles: roles });
  print(`created application user ${user}`);
} else {
  admin.updateUser(user, { pwd: password, roles: roles });
  print(`updated application user ${user}`);
}
