package io.rtdispatch.common.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.Address;
import akka.cluster.UniqueAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BindingTest {

  @ParameterizedTest
  @ValueSource(strings = {"live:42", "member:7", "user@example.com", "a.b-c_d", "a:b:c@d.e-f", ":", "@", ".", "-",
      "x"})
  void roundTripsNodeAndTopic(String topic) {
    String binding = Binding.of("3w5e11264sgsf", topic);

    assertEquals("3w5e11264sgsf|" + topic, binding);
    assertEquals("3w5e11264sgsf", Binding.nodeOf(binding));
    assertEquals(topic, Binding.topicOf(binding));
  }

  @Test
  void prefixFollowedByTopicIsTheBinding() {
    String node = "abc123";
    for (String topic : new String[] {"live:42", "a@b", "x.y-z"}) {
      assertEquals(Binding.of(node, topic), Binding.prefix(node) + topic);
      assertTrue(Binding.of(node, topic).startsWith(Binding.prefix(node)));
    }
  }

  @Test
  void prefixOfOneNodeIsNotAPrefixOfAnotherNodesBindings() {
    // Node ids of different lengths must not be confused: "ab|" never starts "abc|…".
    assertTrue(!Binding.of("abc", "t").startsWith(Binding.prefix("ab")));
    assertTrue(!Binding.of("ab", "ct").startsWith(Binding.prefix("abc")));
  }

  @Test
  void nodeIdIsTheUidInBase36() {
    UniqueAddress address = new UniqueAddress(new Address("akka", "rtd", "10.0.0.1", 2552), 123456789L);
    assertEquals(Long.toString(123456789L, 36), Binding.nodeId(address));
  }

  @Test
  void nodeIdOfNegativeUidIsUnsignedAndHasNoSeparator() {
    UniqueAddress address = new UniqueAddress(new Address("akka", "rtd", "10.0.0.1", 2552), -1L);
    String id = Binding.nodeId(address);
    assertEquals("3w5e11264sgsf", id);
    assertTrue(id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')), id);
  }

  @Test
  void nodeIdDiffersBetweenIncarnationsOnTheSameHostAndPort() {
    Address address = new Address("akka", "rtd", "10.0.0.1", 2552);
    assertNotEquals(Binding.nodeId(new UniqueAddress(address, 1L)), Binding.nodeId(new UniqueAddress(address, 2L)));
  }

  @Test
  void nodeIdIgnoresTheAddress() {
    assertEquals(Binding.nodeId(new UniqueAddress(new Address("akka", "rtd", "h1", 1), 42L)),
        Binding.nodeId(new UniqueAddress(new Address("akka", "rtd", "h2", 2), 42L)));
  }

  @Test
  void roundTripsARealNodeIdAndTopic() {
    String node = Binding.nodeId(new UniqueAddress(new Address("akka", "rtd", "10.0.0.1", 2552), -8234723984723L));
    String binding = Binding.of(node, "live:42@eu.west-1");
    assertEquals(node, Binding.nodeOf(binding));
    assertEquals("live:42@eu.west-1", Binding.topicOf(binding));
  }
}
