package io.leadscore.app;

import io.leadscore.testing.LoopbackPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server from Debian's packages, on loopback, for one test: initdb into a directory of its own,
 * pg_ctl to start and stop it, psql to query it. PostgreSQL refuses to run as root, so as root it runs as the
 * {@code postgres} user the Debian package creates.
 */
final class PostgresServer implements AutoCloseable {

  static final String USER = "crm";

  private final Path bin;
  private final Path data;
  private final int port;

  private PostgresServer(Path bin, Path data, int port) {
    this.bin = bin;
    this.data = data;
    this.port = port;
  }

  /** Debian's newest PostgreSQL server binaries, if installed. */
  static Optional<Path> binaries() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Starts a server in a new directory under {@code target/}, with {@code database} created. */
  static PostgresServer start(Path bin, String database) throws IOException, InterruptedException {
    // Temporary directories are private to their owner, which the postgres user is not: this one is readable.
    Path dir = Files.createDirectories(Path.of("target").toAbsolutePath().resolve("postgres-" + UUID.randomUUID()));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = dir.resolve("data");
    if (isRoot()) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
    }
    int port = LoopbackPort.free();
    PostgresServer server = new PostgresServer(bin, data, port);
    server.asOwner(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
        "--encoding=UTF8", "--no-sync");
    server.asOwner(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir, "start");
    server.psql("postgres", "CREATE DATABASE " + database);
    return server;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Runs {@code sql} and returns the rows, columns separated by '|'. */
  List<String> psql(String database, String sql) throws IOException, InterruptedException {
    String out = run(List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
        "-U", USER, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql));
    return out.isBlank() ? List.of() : out.lines().toList();
  }

  private void asOwner(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    run(full);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", command));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Override
  public void close() throws Exception {
    asOwner(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
  }
}
