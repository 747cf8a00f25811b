package io.rtdispatch.frontend.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Connection ids name their owner and keep 128 unguessable bits. */
class ConnectionIdsTest {

  private static final String OWNER = Long.toUnsignedString(-1L, 36); // the longest node id, 13 characters

  @Test
  void anIdNamesItsOwnerAndFitsTheSubscriptionsBody() {
    ConnectionIds ids = new ConnectionIds(OWNER);
    String id = ids.next();
    assertEquals(OWNER, ConnectionIds.owner(id));
    assertTrue(id.length() <= 64, id);
    assertTrue(id.matches("[A-Za-z0-9_-]{22}\\.[0-9a-z]{1,13}"), id);
    assertEquals("7", ConnectionIds.owner(new ConnectionIds("7").next()));
  }

  @Test
  void theRandomPartIs128BitsAndDiffersEveryTime() {
    ConnectionIds ids = new ConnectionIds("k3x9");
    Set<String> randomParts = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = ids.next();
      String random = id.substring(0, id.indexOf(ConnectionIds.SEPARATOR));
      assertEquals(16, Base64.getUrlDecoder().decode(random).length, id);
      randomParts.add(random);
    }
    assertEquals(10_000, randomParts.size());
  }

  @Test
  void idsOfAnotherShapeHaveNoOwner() {
    String random = "AAAAAAAAAAAAAAAAAAAAAA";
    for (String id : new String[] {null, "", "abc", random, random + ".", random + "x1", random + ".UPPER",
        random + ".a|b", random + ".12345678901234", "AAAAAAAAAAAAAAAAAAAAA!.k3", random + ".k3.k3", "c-1"}) {
      assertNull(ConnectionIds.owner(id), String.valueOf(id));
    }
    assertEquals("k3", ConnectionIds.owner(random + ".k3"));
  }

  @Test
  void refusesAnOwnerThatIsNotANodeId() {
    for (String owner : new String[] {"", "A", "a.b", "12345678901234", null}) {
      assertThrows(IllegalArgumentException.class, () -> new ConnectionIds(owner), String.valueOf(owner));
    }
  }
}
