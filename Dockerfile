# One image for every role: the environment (RTD_ROLES, RTD_DATA_CENTER, RTD_SEED_NODES, ...) decides
# what a container is. docker-compose.yml builds it once (one service has `build:`, all use `image:`);
# the Kubernetes manifests in deploy/kubernetes/ run it too. See docs/deployment.md.
#
# node/src/test/java/io/rtdispatch/node/ContainerRecipeTest.java keeps this file in step with the build
# (every module's pom copied before the dependency layer, the CMD and HEALTHCHECK runnable).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, from the poms alone: this layer is rebuilt only when a pom changes, so a
# source change does not download them again. Reactor modules are not resolved here (not built yet).
COPY pom.xml ./
COPY tools/pom.xml tools/
COPY common/pom.xml common/
COPY frontend/pom.xml frontend/
COPY dispatcher/pom.xml dispatcher/
COPY node/pom.xml node/
COPY load-test/pom.xml load-test/
RUN mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.9.0:go-offline -pl node,tools -am \
      -DexcludeReactor=true -DexcludeGroupIds=io.rtdispatch
# Then the sources (.dockerignore keeps target/, runs/ and .git out of the context).
COPY . .
RUN mvn -B -q -DskipTests -pl node,tools -am package

FROM eclipse-temurin:17-jre
# A system user with no login shell and no home: nothing in the container runs as root.
RUN groupadd --system --gid 10001 rtd \
    && useradd --system --uid 10001 --gid rtd --no-create-home --shell /usr/sbin/nologin rtd
WORKDIR /app
COPY --from=build /src/node/target/rtd-node.jar /app/rtd-node.jar
# Only for docker-compose.yml's demo publisher (io.rtdispatch.tools.launch.DemoPublisher); nodes do not load it.
COPY --from=build /src/tools/target/rtd-tools.jar /app/rtd-tools.jar
USER 10001:10001
# 8080 frontend (browsers), 8081 dispatcher (likes backend), 8082 internal (other nodes only), 2551 cluster
EXPOSE 8080 8081 8082 2551
# GET /ready on the node's own port (frontend port if it has that role, else the dispatcher port),
# from a small JVM (io.rtdispatch.node.ReadyCheck): the JRE image has no curl. start-period covers
# joining the cluster; a node is ready once it is Up and its port is bound.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-Xmx16m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "/app/rtd-node.jar", "io.rtdispatch.node.ReadyCheck"]
# SIGTERM (docker stop, Kubernetes) runs the graceful shutdown: /ready 503 for rtd.shutdown.drain-delay,
# end streams with a retry hint spread over rtd.frontend.rehome-window, unregister topics, leave the cluster.
STOPSIGNAL SIGTERM
# The heap is 75% of the container's memory limit (docker-compose.yml and the Kubernetes manifests
# size their limits for it); the rest is metaspace, thread stacks, Netty's direct buffers and the
# health check's JVM.
CMD ["java", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-jar", "/app/rtd-node.jar"]
