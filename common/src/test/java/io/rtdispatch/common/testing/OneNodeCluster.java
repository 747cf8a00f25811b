package io.rtdispatch.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/**
 * An actor test kit whose system is a cluster of itself (loopback, a free port), Up before it is
 * returned; or, with {@link #create}, an unjoined cluster node for tests that join several.
 */
public final class OneNodeCluster {

  private OneNodeCluster() {}

  /**
   * @param config more configuration lines (HOCON), e.g. {@code akka.cluster.roles = [frontend]}
   * @param wait how long joining itself may take
   */
  public static ActorTestKit start(String config, Duration wait) {
    ActorTestKit testKit = create("OneNodeCluster", config);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(wait, () -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    return testKit;
  }

  /**
   * A cluster node that has joined nothing yet: the nodes of one test cluster need the same
   * {@code name}; join them with {@code Cluster.get(system).manager()} and {@code Join}.
   *
   * @param config more configuration lines (HOCON), e.g. {@code akka.cluster.roles = [frontend]}
   */
  public static ActorTestKit create(String name, String config) {
    return ActorTestKit.create(name, ConfigFactory.parseString(config + """

        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.artery.canonical.hostname = 127.0.0.1
        akka.remote.artery.canonical.port = 0
        akka.cluster.jmx.multi-mbeans-in-same-jvm = on
        """));
  }
}
