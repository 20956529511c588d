# The leadscore app: built with Maven, run on a JRE as an unprivileged user. Base images are pinned by version.
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q package -DskipTests -pl scoring-topology -am

FROM eclipse-temurin:17.0.17_10-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/leadscore leadscore \
    && mkdir -p /var/lib/leadscore/state \
    && chown -R leadscore /var/lib/leadscore
COPY --from=build /src/scoring-topology/target/leadscore.jar /opt/leadscore/leadscore.jar
USER 10001
# State stores live here; mount a volume so a restart restores from local state instead of the changelogs.
ENV LEADSCORE_STATE_DIR=/var/lib/leadscore/state
VOLUME /var/lib/leadscore/state
EXPOSE 8080
# Half the container's memory for the heap; RocksDB takes leadscore.rocksdb.memory.bytes (512 MiB by default) beside it,
# and the JVM the rest. Override with JAVA_TOOL_OPTIONS.
ENV JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=50
# exec form: the JVM is PID 1 and gets SIGTERM, which closes Kafka Streams cleanly.
ENTRYPOINT ["java", "-jar", "/opt/leadscore/leadscore.jar"]
CMD ["run"]
