# One image recipe for the four services; docker-compose.yml passes SERVICE and PORT.
# Build the jars first: ./mvnw -B -DskipTests package (Micronaut's shade step makes target/<service>-<version>.jar).
FROM eclipse-temurin:17-jre
ARG SERVICE
ARG PORT=8080
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app watchfloor
WORKDIR /app
COPY ${SERVICE}/target/${SERVICE}-*.jar /app/app.jar
USER watchfloor
EXPOSE ${PORT}
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.watchfloor.schemas.avro,java.lang,java.util,org.apache.avro"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]
