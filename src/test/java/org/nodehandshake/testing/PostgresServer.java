package org.nodehandshake.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql}: initdb and postgres) in a temporary directory on one
 * loopback address, with password authentication for one user; stopped and deleted by {@link #close}, and
 * killed with the JVM if a test aborts before that. As root (CI, here) the server runs as the {@code postgres}
 * user the package creates, through {@code setpriv} (which execs, so the child is the server itself).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "handshake";
    public static final String PASSWORD = "history-test-password";

    private final String host;
    private final int port;
    private final Path base;
    private final Path bin;
    private final Process process;
    private final Thread killHook;

    private PostgresServer(String host, int port, Path base, Path bin, Process process) {
        this.host = host;
        this.port = port;
        this.base = base;
        this.bin = bin;
        this.process = process;
        this.killHook = Processes.killOnExit(process);
    }

    /** Initialises a cluster and starts it on {@code host:port}; ready for connections when this returns. */
    public static PostgresServer start(String host, int port) throws Exception {
        Path bin = binaries();
        Path base = Files.createTempDirectory("node-handshake-pg-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> as = root ? List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--")
                : List.of();
        Path pw = Files.writeString(base.resolve("pw"), PASSWORD + "\n");
        if (root) {
            own(base, "postgres");
            own(pw, "postgres");
        }
        Path data = base.resolve("data");
        Processes.Result init = Processes.run(Duration.ofSeconds(120), command(as, bin.resolve("initdb").toString(),
                "-D", data.toString(), "-U", USER, "--pwfile=" + pw, "--auth=scram-sha-256", "-E", "UTF8",
                "--locale=C", "--no-sync", "--no-instructions"));
        if (init.exitCode() != 0) {
            Processes.deleteTree(base);
            throw new IOException("initdb failed (" + init.exitCode() + "): " + init.stderr() + init.stdout());
        }
        Process server = new ProcessBuilder(command(as, bin.resolve("postgres").toString(), "-D", data.toString(),
                "-c", "listen_addresses=" + host, "-p", Integer.toString(port), "-c", "unix_socket_directories=" + base,
                "-c", "fsync=off", "-c", "max_connections=20", "-c", "shared_buffers=16MB"))
                .redirectErrorStream(true).redirectOutput(base.resolve("server.log").toFile()).start();
        PostgresServer started = new PostgresServer(host, port, base, bin, server);
        try {
            started.awaitReady(Duration.ofSeconds(30));
        } catch (Exception e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** jdbc:postgresql://host:port/postgres (the cluster's default database). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    public String log() throws IOException {
        Path log = base.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("postgres exited (" + process.exitValue() + "): " + log());
            }
            try (Connection c = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IOException("postgres not ready in " + timeout + ": " + (last == null ? "" : last.getMessage()) + "\n" + log());
    }

    /** Stops the server (fast shutdown: open sessions are ended), then deletes its directory. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                Processes.stop(process, Duration.ofSeconds(15));
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Processes.forget(killHook);
            Processes.deleteTree(base);
        }
    }

    private static List<String> command(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(args));
        return command;
    }

    private static void own(Path path, String user) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(user);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(owner);
        view.setGroup(group);
    }

    /**
     * The folder of initdb and postgres: where initdb is found on the PATH (a link resolved), else Debian's
     * /usr/lib/postgresql/&lt;newest&gt;/bin. Missing: the test is skipped, or fails on CI.
     */
    static Path binaries() throws IOException {
        Optional<Path> onPath = RealBinaries.find("initdb").map(p -> {
            try {
                return p.toRealPath().getParent();
            } catch (IOException e) {
                return p.getParent();
            }
        }).filter(dir -> Files.isExecutable(dir.resolve("postgres")));
        if (onPath.isPresent()) {
            return onPath.get();
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                        .max(Comparator.comparingInt(PostgresServer::major));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        String message = "PostgreSQL not found (initdb, postgres): install it with `apt-get install -y postgresql`";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: real-server tests may not be skipped)");
        }
        assumeTrue(false, message + "; skipping the tests that need it");
        throw new IllegalStateException("unreachable");
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
