# Builds the runnable node jar, then runs it on a JRE. One image for every role: the environment
# (RTD_ROLES, RTD_DATA_CENTER, RTD_SEED_NODES, ...) decides what a container is.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl node -am package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/node/target/rtd-node.jar /app/rtd-node.jar
# 8080 frontend (browsers), 8081 dispatcher (likes backend), 8082 internal (other nodes only), 2551 cluster
EXPOSE 8080 8081 8082 2551
# SIGTERM (docker stop) runs the graceful shutdown: unregister topics, end streams, leave the cluster.
STOPSIGNAL SIGTERM
CMD ["java", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-jar", "/app/rtd-node.jar"]
