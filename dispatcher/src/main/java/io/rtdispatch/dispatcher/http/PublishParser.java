package io.rtdispatch.dispatcher.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.json.Json;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.common.problem.ProblemException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses a {@code POST /publish} body: one {@code {"topic","type","data"}} object or an array of
 * them, validating every field by the contract.
 *
 * <p>The {@code data} value is kept as the exact bytes the publisher sent (a streaming parser
 * notes where it starts and ends) instead of being parsed into a tree and written back, so clients
 * get it verbatim and large payloads cost one copy. Its line breaks and tabs, which JSON allows
 * only as whitespace between tokens, become spaces: the envelope must fit on one SSE line, and
 * frontends refuse any raw control character in it (see {@code EventBatch}).
 */
final class PublishParser {

  static final String DEFAULT_TYPE = "message";
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  /** A validated event, not yet given an id. */
  record Draft(String topic, String type, byte[] data) {}

  /** @param batch whether the body was an array (the response then lists ids) */
  record Parsed(List<Draft> drafts, boolean batch) {}

  private final int maxEvents;
  private final int maxDataBytes;
  private final int maxDataDepth;
  private final JsonFactory json;

  /**
   * @param maxEvents most events in a batch ({@code TOO_LARGE} beyond)
   * @param maxDataBytes largest encoded {@code data} ({@code TOO_LARGE} beyond)
   * @param maxDataDepth most arrays and objects nested in one {@code data}, the outermost
   *     counting 1 ({@code INVALID} beyond)
   * @param maxBodyBytes largest body; the routes refuse bigger ones with 413 before parsing, the
   *     parser's own {@link Json.Limits} repeat it
   */
  PublishParser(int maxEvents, int maxDataBytes, int maxDataDepth, long maxBodyBytes) {
    this.maxEvents = maxEvents;
    this.maxDataBytes = maxDataBytes;
    this.maxDataDepth = maxDataDepth;
    // The body nests a batch array and an event object around data; one level more lets the
    // exact check in rawValue name the problem before Jackson's backstop does.
    this.json = Json.factory(new Json.Limits(maxBodyBytes, maxDataDepth + 3, (int) Math.min(maxBodyBytes,
        Integer.MAX_VALUE)));
  }

  /**
   * Parses and checks a whole body. Total: any byte sequence gives a result or a
   * {@link ProblemException}; bodies that are not UTF-8 JSON text (see {@link Json#parser}) are
   * refused like any syntax error.
   *
   * @throws ProblemException naming the first problem: {@link Problem.Kind#TOO_LARGE} for a batch
   *     or a {@code data} over its limit, {@link Problem.Kind#INVALID} for everything else
   */
  Parsed parse(byte[] body) throws ProblemException {
    try (JsonParser p = Json.parser(json, body)) {
      JsonToken first = p.nextToken();
      Parsed parsed;
      if (first == JsonToken.START_OBJECT) {
        parsed = new Parsed(List.of(parseEvent(p, body, "")), false);
      } else if (first == JsonToken.START_ARRAY) {
        parsed = new Parsed(parseBatch(p, body), true);
      } else if (first == null) {
        throw invalid("request body is empty; expected {\"topic\":\"…\",\"type\":\"…\",\"data\":…}");
      } else {
        throw invalid("request body must be a JSON object or an array of objects");
      }
      if (p.nextToken() != null) {
        throw invalid("unexpected content after the JSON value");
      }
      return parsed;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw invalid("request body is not valid JSON: " + e.getOriginalMessage() + where);
    } catch (IOException e) {
      throw invalid("request body could not be read");
    }
  }

  private List<Draft> parseBatch(JsonParser p, byte[] body) throws IOException, ProblemException {
    List<Draft> drafts = new ArrayList<>();
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (drafts.size() == maxEvents) {
        throw tooLarge("a batch may hold at most " + maxEvents + " events");
      }
      String label = "event " + drafts.size() + ": ";
      if (token != JsonToken.START_OBJECT) {
        throw invalid(label + "must be a JSON object");
      }
      drafts.add(parseEvent(p, body, label));
    }
    if (drafts.isEmpty()) {
      throw invalid("the batch is empty");
    }
    return drafts;
  }

  private Draft parseEvent(JsonParser p, byte[] body, String label) throws IOException, ProblemException {
    String topic = null;
    String type = null;
    byte[] data = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "topic" -> topic = text(p, value, label, field, topic);
        case "type" -> type = value == JsonToken.VALUE_NULL ? nullType(label, type) : text(p, value, label, field, type);
        case "data" -> {
          if (data != null) {
            throw invalid(label + "duplicate field 'data'");
          }
          data = rawValue(p, value, body, label);
        }
        default -> throw invalid(label + "unknown field '" + field + "' (expected topic, type, data)");
      }
    }
    Optional<Problem> problem = Validation.topicProblem(topic);
    if (problem.isEmpty() && type != null) {
      problem = Validation.typeProblem(type);
    }
    if (problem.isPresent()) {
      throw problem.get().prefixed(label).exception();
    }
    return new Draft(topic, type == null ? DEFAULT_TYPE : type, data == null ? NULL : data);
  }

  private static String text(JsonParser p, JsonToken value, String label, String field, String previous)
      throws IOException, ProblemException {
    if (previous != null) {
      throw invalid(label + "duplicate field '" + field + "'");
    }
    if (value != JsonToken.VALUE_STRING) {
      throw invalid(label + field + " must be a string");
    }
    return p.getText();
  }

  private static String nullType(String label, String previous) throws ProblemException {
    if (previous != null) {
      throw invalid(label + "duplicate field 'type'");
    }
    return DEFAULT_TYPE;
  }

  private byte[] rawValue(JsonParser p, JsonToken value, byte[] body, String label)
      throws IOException, ProblemException {
    int start = (int) p.currentTokenLocation().getByteOffset();
    if (value.isStructStart()) {
      skipNested(p, label);
    } else {
      p.finishToken();
    }
    int end = (int) p.currentLocation().getByteOffset();
    if (end - start > maxDataBytes) {
      throw tooLarge(label + "data is " + (end - start) + " bytes, the limit is " + maxDataBytes);
    }
    byte[] data = Arrays.copyOfRange(body, start, end);
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n' || data[i] == '\r' || data[i] == '\t') {
        data[i] = ' ';
      }
    }
    return data;
  }

  /** Skips the rest of the array or object just opened, refusing nesting deeper than the limit. */
  private void skipNested(JsonParser p, String label) throws IOException, ProblemException {
    int depth = 1;
    while (depth > 0) {
      JsonToken token = p.nextToken();
      if (token == null) {
        throw invalid(label + "the body ends inside data");
      }
      if (token.isStructStart() && ++depth > maxDataDepth) {
        throw invalid(label + "data nests arrays and objects deeper than " + maxDataDepth + " levels");
      }
      if (token.isStructEnd()) {
        depth--;
      }
    }
  }

  private static ProblemException invalid(String message) {
    return Problem.invalid(message).exception();
  }

  private static ProblemException tooLarge(String message) {
    return new Problem(Problem.Kind.TOO_LARGE, message).exception();
  }
}
