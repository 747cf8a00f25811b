package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.run.ScenarioPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Reconnect storms: while events flow, a share of all clients (by default all of them, as when a frontend restarts)
 * disconnects and reconnects at the same instant, several times, sending the last event id it received as a browser
 * does ({@code --last-event-id}). Reports reconnect and re-subscribe-to-routable times of the storms, and splits what
 * was received into live and recovered (replayed from the server's history) events; loss includes events published
 * while clients were away that the server did not replay. Definitions in docs/benchmarks.md.
 */
@Command(name = "churn", mixinStandardHelpOptions = true,
    description = {"Connect/subscribe/disconnect storms: all (or a share of) clients reconnect at once, repeatedly,"
        + " with Last-Event-ID as browsers do.", "Reports events received live, recovered (published before the"
        + " reconnect, so replayed), lost and duplicated, and the connected frames' recovered:true/false."})
final class ChurnCommand extends ScenarioCommand {
  @Option(names = "--clients", defaultValue = "2000", description = "Subscribers. Default: ${DEFAULT-VALUE}.")
  int clients;

  @Option(names = "--topics", defaultValue = "100", description = "Topics (clients spread round-robin). Default: ${DEFAULT-VALUE}.")
  int topics;

  @Option(names = "--events-per-second", defaultValue = "100", description = "Background publish rate. Default: ${DEFAULT-VALUE}.")
  double eventsPerSecond;

  @Option(names = "--storms", defaultValue = "3", description = "Storms, evenly spaced over the run. Default: ${DEFAULT-VALUE}.")
  int storms;

  @Option(names = "--storm-fraction", defaultValue = "1.0", description = "Share of clients reconnecting in each storm. Default: ${DEFAULT-VALUE}.")
  double stormFraction;

  @Override
  double defaultDurationSeconds() {
    return 30;
  }

  @Override
  ScenarioPlan plan(double duration) {
    requirePositive("--clients", clients);
    requirePositive("--topics", topics);
    requirePositive("--events-per-second", eventsPerSecond);
    requirePositive("--storms", storms);
    if (stormFraction <= 0 || stormFraction > 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--storm-fraction must be in (0, 1]");
    }
    int[] topicOf = roundRobin(clients, topics);
    List<Double> at = new ArrayList<>();
    for (int s = 1; s <= storms; s++) {
      at.add(duration * s / (storms + 1));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("clients", clients);
    params.put("topics", topics);
    params.put("eventsPerSecond", eventsPerSecond);
    params.put("storms", storms);
    params.put("stormFraction", stormFraction);
    params.put("durationSeconds", duration);
    return new ScenarioPlan("churn", topics, topicOf, random -> random.nextInt(topics), eventsPerSecond, duration,
        at, stormFraction, false, params);
  }
}
