package io.leadscore.testing;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Names, at the end of the run, each test skipped because a tool it needs is missing (Chromium, Debian's Python Kafka
 * client, PostgreSQL, kubectl), with what installs it: a skipped test must not pass for a tested one unseen.
 */
public class SkippedTestsReport implements TestExecutionListener {

  private final List<String> skipped = new ArrayList<>();

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    skipped.add(name(test) + ": " + reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      skipped.add(name(test) + ": " + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (skipped.isEmpty()) {
      return;
    }
    // Standard error: surefire passes it on to the build's console rather than into a test's report.
    PrintStream out = System.err;
    out.println("SKIPPED " + skipped.size() + " test(s) for want of a tool; `sudo .ci/run` installs every tool and "
        + "runs all tests:");
    skipped.forEach(line -> out.println("  SKIPPED " + line));
  }

  private static String name(TestIdentifier test) {
    return test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
        .map(m -> m.getJavaClass().getSimpleName() + "." + m.getMethodName()).orElse(test.getDisplayName());
  }
}
