package io.leadscore.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema of the public contract is kept in {@code schemas/history/<full name>/<n>.avsc}, fully resolved.
 * Compacted topics keep old records forever, so the current schema must read every earlier version, not only the last.
 */
class SchemaHistoryTest {

  private static final Path SCHEMAS = Path.of(System.getProperty("schemas.dir", "src/main/avro"));
  private static final Path HISTORY = Path.of(System.getProperty("schemas.history.dir", "history"));

  /** The schemas compiled from every {@code .avsc} file, as the generated classes carry them. */
  static List<Schema> currentSchemas() {
    List<Schema> schemas = new ArrayList<>();
    for (Path file : avscFiles(SCHEMAS.resolve("common"), SCHEMAS)) {
      String name = file.getFileName().toString().replace(".avsc", "");
      schemas.add(generatedSchema(SchemaHistoryTest.class.getPackageName() + "." + name));
    }
    return schemas;
  }

  private static Schema generatedSchema(String className) {
    try {
      return (Schema) Class.forName(className).getMethod("getClassSchema").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no generated class " + className + " for its .avsc file", e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemas")
  void currentSchemaReadsEveryEarlierVersion(Schema current) {
    List<Path> versions = historyOf(current);
    assertThat(versions)
        .as("no history for %s: add %s/1.avsc with the resolved schema", current.getFullName(),
            HISTORY.resolve(current.getFullName()))
        .isNotEmpty();
    for (Path version : versions) {
      Schema previous = parse(version);
      var result = SchemaCompatibility.checkReaderWriterCompatibility(current, previous);
      assertThat(result.getType())
          .as("%s cannot read %s: %s", current.getFullName(), version, result.getResult().getIncompatibilities())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemas")
  void latestHistoryVersionIsTheCurrentSchema(Schema current) {
    List<Path> versions = historyOf(current);
    assertThat(versions).isNotEmpty();
    Path latest = versions.get(versions.size() - 1);
    Schema snapshot = parse(latest);
    int next = versions.size() + 1;
    assertThat(SchemaNormalization.toParsingForm(snapshot))
        .as("%s changed since %s: once it passes the compatibility check, save it as %s/%d.avsc",
            current.getFullName(), latest, HISTORY.resolve(current.getFullName()), next)
        .isEqualTo(SchemaNormalization.toParsingForm(current));
    assertThat(snapshot.toString()).as("docs and defaults of %s differ from %s", current.getFullName(), latest)
        .isEqualTo(current.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemas")
  void everyTypeAndFieldIsDocumented(Schema current) {
    assertDocumented(current, current.getFullName());
  }

  private static void assertDocumented(Schema schema, String path) {
    switch (schema.getType()) {
      case RECORD -> {
        assertThat(schema.getDoc()).as("doc of %s", path).isNotBlank();
        for (Schema.Field field : schema.getFields()) {
          assertThat(field.doc()).as("doc of %s.%s", path, field.name()).isNotBlank();
          assertDocumented(field.schema(), path + "." + field.name());
        }
      }
      case ENUM -> assertThat(schema.getDoc()).as("doc of %s", path).isNotBlank();
      case UNION -> schema.getTypes().forEach(t -> assertDocumented(t, path));
      case ARRAY -> assertDocumented(schema.getElementType(), path + "[]");
      case MAP -> assertDocumented(schema.getValueType(), path + "{}");
      default -> { }
    }
  }

  private static List<Path> historyOf(Schema schema) {
    Path dir = HISTORY.resolve(schema.getFullName());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    return avscFiles(dir).stream()
        .sorted(Comparator.comparingInt(SchemaHistoryTest::versionNumber))
        .toList();
  }

  private static int versionNumber(Path file) {
    String name = file.getFileName().toString();
    return Integer.parseInt(name.substring(0, name.length() - ".avsc".length()));
  }

  private static List<Path> avscFiles(Path... dirs) {
    List<Path> result = new ArrayList<>();
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(f -> f.toString().endsWith(".avsc")).sorted().forEach(result::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return result;
  }

  private static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
