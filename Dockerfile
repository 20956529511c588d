# The leadscore app: built with the Maven wrapper, run on a JRE as an unprivileged user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q package -DskipTests -pl scoring-topology -am

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/leadscore leadscore \
    && mkdir -p /var/lib/leadscore/state \
    && chown -R leadscore /var/lib/leadscore
COPY --from=build /src/scoring-topology/target/leadscore.jar /opt/leadscore/leadscore.jar
USER leadscore
# State stores live here; mount a volume so a restart restores from local state instead of the changelogs.
ENV LEADSCORE_STATE_DIR=/var/lib/leadscore/state
VOLUME /var/lib/leadscore/state
EXPOSE 8080
# exec form: the JVM is PID 1 and gets SIGTERM, which closes Kafka Streams cleanly.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-jar", "/opt/leadscore/leadscore.jar"]
CMD ["run"]
