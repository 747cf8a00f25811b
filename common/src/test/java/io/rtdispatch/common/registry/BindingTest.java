package io.rtdispatch.common.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.Address;
import akka.cluster.UniqueAddress;
import org.junit.jupiter.api.Test;

class BindingTest {

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

}
