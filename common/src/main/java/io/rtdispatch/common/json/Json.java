package io.rtdispatch.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one Jackson setup of the project: a shared, thread-safe mapper and its streaming factory. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  /** Serializes small response bodies and records; failures here are programming errors. */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
