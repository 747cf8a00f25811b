package io.rtdispatch.common.http;

import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;

/**
 * Whether one role of this node should get traffic: its HTTP server is bound, the node is Up in
 * its cluster, and shutdown has not begun. {@link #notReadyReason()} says which condition fails,
 * in words, for {@code /ready} and for the 503s of role endpoints.
 */
public final class Readiness {

  private final Cluster cluster;
  private volatile boolean bound;
  private volatile boolean stopping;

  public Readiness(ActorSystem<?> system) {
    this.cluster = Cluster.get(system);
  }

  public void bound() {
    bound = true;
  }

  public void stopping() {
    stopping = true;
  }

  /** Why the role is not ready, or {@code null} when it is. */
  public String notReadyReason() {
    if (stopping) {
      return "this node is shutting down";
    }
    if (!bound) {
      return "the HTTP server is not bound yet";
    }
    MemberStatus status = cluster.selfMember().status();
    if (status != MemberStatus.up() && status != MemberStatus.weaklyUp()) {
      return "this node is not Up in its cluster yet (status: " + status + ")";
    }
    return null;
  }
}
