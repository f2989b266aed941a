import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

import picocli.CommandLine;

/**
 * Local Neo4j Community server: an embedded DBMS with Bolt on 127.0.0.1:PORT,
 * encryption disabled, authentication enabled (user neo4j, password from the
 * NEO4J_LOCAL_PASSWORD environment variable, never from the command line).
 *
 * <p>Usage: {@code java [flags] -cp ... Main <home-dir> <port>}.
 * Optional env: NEO4J_LOCAL_PAGECACHE_MB (default 256).
 * Prints {@code READY bolt://127.0.0.1:PORT} on stdout once the default
 * database {@code neo4j} is available; shuts down cleanly on SIGTERM/SIGINT.
 */
public final class Main {
    private static final String USER = "neo4j";
    private static final String DEFAULT_DB = "neo4j";

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Main <home-dir> <port>   (password in env NEO4J_LOCAL_PASSWORD)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv("NEO4J_LOCAL_PASSWORD");
        if (password == null || password.codePoints().count() < 8) {
            System.err.println("FATAL: env NEO4J_LOCAL_PASSWORD must be set, at least 8 characters");
            System.exit(2);
        }
        long pagecacheMb = Long.parseLong(envOr("NEO4J_LOCAL_PAGECACHE_MB", "256"));

        Files.createDirectories(home);
        boolean fresh = !Files.exists(home.resolve("data").resolve("databases").resolve("system"));
        if (fresh) {
            // Same mechanism as `neo4j-admin dbms set-initial-password`: writes
            // data/dbms/auth.ini, consumed when the system database is first created,
            // so Bolt never accepts the default neo4j/neo4j credentials.
            setInitialPassword(home, password);
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(Map.<Setting<?>, Object>of(
                        BoltConnector.enabled, true,
                        BoltConnector.listen_address, new SocketAddress("127.0.0.1", port),
                        BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port),
                        BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED,
                        HttpConnector.enabled, false,
                        HttpsConnector.enabled, false,
                        GraphDatabaseSettings.auth_enabled, true,
                        GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pagecacheMb),
                        GraphDatabaseSettings.initial_default_database, DEFAULT_DB,
                        GraphDatabaseSettings.udc_enabled, false))
                // Internal settings (pinned Neo4j version): without them Bolt shutdown
                // waits two 5-second netty/connection grace periods.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "neo4j-local-shutdown"));

        if (!fresh) {
            // Restart on an existing store: auth.ini is ignored, so (re)set the password
            // on the system database. Failure "same as old password" is harmless.
            try {
                dbms.database("system").executeTransactionally(
                        "ALTER USER " + USER + " SET PASSWORD $pw CHANGE NOT REQUIRED",
                        Map.of("pw", password));
            } catch (RuntimeException e) {
                String msg = String.valueOf(e.getMessage());
                if (!msg.contains("same")) {
                    throw e;
                }
            }
        }

        GraphDatabaseService db = dbms.database(DEFAULT_DB);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!db.isAvailable(1000)) {
            if (System.nanoTime() > deadline) {
                System.err.println("FATAL: database '" + DEFAULT_DB + "' not available after 120 s");
                System.exit(1);
            }
        }
        db.executeTransactionally("RETURN 1");
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    private static void setInitialPassword(Path home, String password) throws IOException {
        PrintStream out = System.err;
        ExecutionContext ctx = new ExecutionContext(
                home, home.resolve("conf"), out, out, new DefaultFileSystemAbstraction());
        int rc = new CommandLine(new SetInitialPasswordCommand(ctx)).execute(password);
        if (rc != 0) {
            throw new IllegalStateException("set-initial-password failed with exit code " + rc);
        }
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
