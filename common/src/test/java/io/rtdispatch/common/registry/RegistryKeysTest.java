package io.rtdispatch.common.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.ddata.Key;
import akka.cluster.ddata.ORSet;
import akka.cluster.ddata.ORSetKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryKeysTest {

  private static final List<String> TOPICS = List.of("live:42", "member:7", "a", "", "user@example.com",
      "x".repeat(200), "Aa", "BB", "video.123_abc-def", "-", "@:.");

  @Test
  void bucketOfATopicIsStableAcrossInstances() {
    RegistryKeys one = new RegistryKeys(256);
    RegistryKeys other = new RegistryKeys(256);
    for (String topic : TOPICS) {
      assertEquals(one.bucketOf(topic), other.bucketOf(topic), topic);
      assertEquals(one.bucketOf(topic), one.bucketOf(topic), topic);
    }
  }

  @Test
  void bucketOfATopicIsFixedByTheStringHash() {
    // Every node of a data center must agree; String.hashCode is specified, so these never change.
    RegistryKeys keys = new RegistryKeys(256);
    assertEquals(Math.floorMod("live:42".hashCode(), 256), keys.bucketOf("live:42"));
    assertEquals(0, keys.bucketOf(""));
    assertEquals(keys.bucketOf("Aa"), keys.bucketOf("BB")); // equal hash codes
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 256, 1000, 65536})
  void bucketOfEveryTopicIsWithinRange(int count) {
    RegistryKeys keys = new RegistryKeys(count);
    for (String topic : TOPICS) {
      int bucket = keys.bucketOf(topic);
      assertTrue(bucket >= 0 && bucket < count, topic + " -> " + bucket);
    }
    for (int i = 0; i < 2000; i++) {
      int bucket = keys.bucketOf("member:" + i);
      assertTrue(bucket >= 0 && bucket < count, i + " -> " + bucket);
    }
  }

  @Test
  void bucketOfATopicWithNegativeHashIsWithinRange() {
    String topic = "polygenelubricants"; // hashCode is Integer.MIN_VALUE
    assertEquals(Integer.MIN_VALUE, topic.hashCode());
    RegistryKeys keys = new RegistryKeys(7);
    int bucket = keys.bucketOf(topic);
    assertTrue(bucket >= 0 && bucket < 7, Integer.toString(bucket));
  }

  @Test
  void topicsSpreadOverManyBuckets() {
    RegistryKeys keys = new RegistryKeys(64);
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      used.add(keys.bucketOf("member:" + i));
    }
    assertTrue(used.size() > 48, "only " + used.size() + " of 64 buckets used");
  }

  @Test
  void keyOfATopicIsTheKeyOfItsBucket() {
    RegistryKeys keys = new RegistryKeys(100);
    for (String topic : TOPICS) {
      assertSame(keys.key(keys.bucketOf(topic)), keys.keyOf(topic));
    }
  }

  @Test
  void everyBucketHasItsOwnKeyAndAllListsThemInOrder() {
    RegistryKeys keys = new RegistryKeys(50);
    assertEquals(50, keys.bucketCount());
    assertEquals(50, keys.all().size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      assertSame(keys.key(i), keys.all().get(i));
      ids.add(keys.key(i).id());
    }
    assertEquals(50, ids.size());
    assertNotEquals(RegistryKeys.ENDPOINTS.id(), keys.key(0).id());
  }

  @Test
  void keysAreEqualAcrossInstancesSoNodesShareThem() {
    assertEquals(new RegistryKeys(8).key(3), new RegistryKeys(8).key(3));
  }

  @Test
  void bucketOfKeyInvertsKey() {
    RegistryKeys keys = new RegistryKeys(300);
    for (int i = 0; i < 300; i++) {
      assertEquals(i, keys.bucketOf(keys.key(i)));
    }
  }

  @Test
  void bucketOfKeyRecognisesAnEqualKeyCreatedElsewhere() {
    RegistryKeys keys = new RegistryKeys(16);
    assertEquals(5, keys.bucketOf(new RegistryKeys(16).key(5)));
  }

  @Test
  void bucketOfKeyIsMinusOneForKeysWithOtherNames() {
    RegistryKeys keys = new RegistryKeys(16);
    assertEquals(-1, keys.bucketOf(ORSetKey.<String>create("something-else")));
    assertEquals(-1, keys.bucketOf(ORSetKey.<String>create("rtd-frontend-endpoints")));
    assertEquals(-1, keys.bucketOf(ORSetKey.<String>create("")));
  }

  @Test
  void bucketOfKeyIsMinusOneForABucketBeyondThisCount() {
    // A key from a node configured with more buckets is not one of ours.
    RegistryKeys bigger = new RegistryKeys(32);
    RegistryKeys keys = new RegistryKeys(16);
    assertEquals(-1, keys.bucketOf(bigger.key(16)));
    assertEquals(-1, keys.bucketOf(bigger.key(31)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rtd-topics-archive", "rtd-topics-", "rtd-topics-1a", "rtd-topics-99999999999"})
  void bucketOfKeyIsMinusOneForForeignKeysSharingThePrefix(String id) {
    // Javadoc: "The bucket number of a key created here, or -1 for any other key."
    RegistryKeys keys = new RegistryKeys(16);
    Key<ORSet<String>> foreign = ORSetKey.create(id);
    assertEquals(-1, keys.bucketOf(foreign));
  }

  @Test
  void bucketOfKeyIsMinusOneForANegativeSuffix() {
    RegistryKeys keys = new RegistryKeys(16);
    assertEquals(-1, keys.bucketOf(ORSetKey.<String>create("rtd-topics--1")));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE, 65537, Integer.MAX_VALUE})
  void rejectsBucketCountOutsideOneTo65536NamingIt(int count) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RegistryKeys(count));
    assertEquals("registry buckets must be between 1 and 65536, got " + count, e.getMessage());
  }

  @Test
  void singleBucketHoldsEveryTopic() {
    RegistryKeys keys = new RegistryKeys(1);
    for (String topic : TOPICS) {
      assertEquals(0, keys.bucketOf(topic));
    }
    assertEquals(0, keys.bucketOf(keys.key(0)));
  }
}
