package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.report.JfrProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Summarizes a Java Flight Recorder file of the server: where its CPU time went, by layer and method. */
@Command(name = "jfr-summary", mixinStandardHelpOptions = true,
    description = "Summarize a JFR recording's CPU samples by layer, top method and this project's methods.")
final class JfrSummaryCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "A .jfr file recorded with settings=profile.")
  Path file;

  @Option(names = "--top", defaultValue = "15", description = "Rows per table. Default: ${DEFAULT-VALUE}.")
  int top;

  @Override
  public Integer call() throws IOException {
    JfrProfile profile = new JfrProfile();
    int gcs = 0;
    double gcPauseMs = 0;
    double longestPauseMs = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      String type = event.getEventType().getName();
      if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
        List<String> frames = new ArrayList<>();
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
          frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
        }
        profile.add(frames);
      } else if (type.equals("jdk.GarbageCollection")) {
        gcs++;
        double pause = event.getDuration("sumOfPauses").toNanos() / 1e6;
        gcPauseMs += pause;
        longestPauseMs = Math.max(longestPauseMs, event.getDuration("longestPause").toNanos() / 1e6);
      }
    }
    System.out.printf("%s: %d CPU samples of Java code; %d garbage collections, %.0f ms of pauses, longest %.0f ms%n%n",
        file, profile.samples(), gcs, gcPauseMs, longestPauseMs);
    print("samples by layer of the innermost frame", profile.layers());
    print("top methods (self)", profile.topFrames(top));
    print("this project's methods (on the stack)", profile.ownMethods(top));
    return 0;
  }

  private static void print(String title, Map<String, Double> shares) {
    System.out.println(title);
    shares.forEach((name, share) -> System.out.printf("  %5.1f%%  %s%n", share, name));
    System.out.println();
  }
}
