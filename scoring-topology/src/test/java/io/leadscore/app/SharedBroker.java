package io.leadscore.app;

import io.leadscore.topology.LeadscoreTopics;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One real broker for all tests of a class: {@code @RegisterExtension static final SharedBroker shared = ...}. */
final class SharedBroker implements BeforeAllCallback, AfterAllCallback {

  private BrokerFixture broker;
  private LeadscoreTopics topics;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    broker = new BrokerFixture();
    topics = broker.topics();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    broker.close();
  }

  BrokerFixture broker() {
    return broker;
  }

  LeadscoreTopics topics() {
    return topics;
  }
}
