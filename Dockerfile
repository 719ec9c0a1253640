# Not exercised by CI (no Docker engine runs there): kept simple and conventional.
# Build:  docker build -t node-handshake .
# Run:    docker run --rm -v "$PWD/reports:/app/reports" node-handshake seed.bitcoin.sipa.be

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
COPY routes/ routes/
COPY config/ config/
COPY schema/ schema/
# -DskipCds -DskipAot: a class-data sharing archive or an AOT cache belongs to the JDK build that made it, and the
# runtime image is another.
RUN ./mvnw -B -q package -DskipTests -DskipCds -DskipAot

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app handshake
WORKDIR /app
COPY --from=build /src/target/node-handshake.jar /app/node-handshake.jar
COPY config/ /app/config/
RUN mkdir -p /app/reports && chown -R handshake /app
USER handshake
VOLUME ["/app/reports", "/app/config"]
ENTRYPOINT ["java", "-jar", "/app/node-handshake.jar"]
CMD ["--help"]
