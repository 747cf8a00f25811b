package io.rtdispatch.loadtest.pub;

import java.util.SplittableRandom;

/** Chooses the topic of the next published event (each publisher thread has its own random source). */
@FunctionalInterface
public interface TopicPicker {
  int next(SplittableRandom random);
}
