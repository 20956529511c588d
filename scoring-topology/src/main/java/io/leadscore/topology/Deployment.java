package io.leadscore.topology;

/**
 * How an application runs the topology: live or in the shadow ({@link RunMode}); a shadow may start scoring from a
 * time ({@code replay}, null for the earliest retained input); a live app that a promotion started acts on that
 * promotion's records ({@code promotion}, null for none).
 */
public record Deployment(RunMode mode, Replay replay, Promotion promotion) {

  public static final Deployment LIVE = new Deployment(RunMode.LIVE, null, null);

  public static Deployment live(Promotion promotion) {
    return new Deployment(RunMode.LIVE, null, promotion);
  }

  public static Deployment shadow(Replay replay) {
    return new Deployment(RunMode.SHADOW, replay, null);
  }
}
