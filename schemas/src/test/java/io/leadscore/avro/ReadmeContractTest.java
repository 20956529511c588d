package io.leadscore.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The README documents every field of every record schema, under a heading named after the record. */
class ReadmeContractTest {

  static java.util.List<Schema> recordSchemas() {
    return SchemaHistoryTest.currentSchemas().stream().filter(s -> s.getType() == Schema.Type.RECORD).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordSchemas")
  void readmeDocumentsEveryField(Schema schema) throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("readme.file", "../README.md")));
    String heading = "#### " + schema.getName() + "\n";
    assertThat(readme).contains(heading);
    String section = readme.substring(readme.indexOf(heading) + heading.length());
    int next = section.indexOf("\n#");
    String table = next < 0 ? section : section.substring(0, next);
    for (Schema.Field field : schema.getFields()) {
      assertThat(table).as("README row for %s.%s", schema.getName(), field.name())
          .contains("| `" + field.name() + "` |");
    }
  }
}
