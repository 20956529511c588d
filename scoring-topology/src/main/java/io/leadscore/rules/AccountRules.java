package io.leadscore.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accounts: leads roll up to the company of their profile's {@code companyDomain} (never a free-mail domain). An
 * account's engagement is the sum, or the sum of the top N, of its leads' engagement, decayed as theirs; its fit comes
 * from firmographic rules matched against its leads' profiles; its buying-group coverage is the share of the required
 * roles that have a lead engaged within the window; and its stages, with entry and exit like a lead's, end in a
 * qualified stage: the marketing-qualified account (MQA). Without stages, accounts are not scored. A changed account is
 * scored and published once per {@code publishEvery}, however many of its leads changed meanwhile.
 */
public record AccountRules(
    List<String> freeMailDomains, Engagement engagement, List<FitRule> fit, BuyingGroup buyingGroup,
    List<AccountStage> stages, Duration publishEvery) {

  /** Domains of personal email services, whose leads belong to no company. */
  public static final List<String> DEFAULT_FREE_MAIL = List.of("gmail.com", "googlemail.com", "yahoo.com",
      "hotmail.com", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "proton.me",
      "protonmail.com", "gmx.com", "gmx.de", "web.de", "mail.ru", "yandex.ru", "qq.com", "163.com");

  public static final AccountRules NONE = new AccountRules(null, null, null, null, List.of(), null);

  /** How the leads' engagement adds up: {@code sum} of all, or {@code top} of the {@code top} most engaged. */
  public record Engagement(String method, Integer top) {

    public Engagement {
      method = method == null ? "sum" : method.toLowerCase(Locale.ROOT);
      if (!method.equals("sum") && !method.equals("top")) {
        throw new RuleProblem("accounts.engagement.method", "'" + method + "' is neither sum nor top");
      }
      if (method.equals("top") && (top == null || top < 1)) {
        throw new RuleProblem("accounts.engagement.top", "say how many of the most engaged leads count (1 or more)");
      }
    }

    public boolean topOnly() {
      return method.equals("top");
    }
  }

  /**
   * The roles a lead can play, from its profile's {@code roleFrom} attribute (as {@code jobLevel}): each role lists the
   * values that make it, matched without regard to case. {@code required} roles, each with a lead engaged within
   * {@code window}, make a complete buying group.
   */
  public record BuyingGroup(String roleFrom, Map<String, List<String>> roles, List<String> required,
      Duration window) {

    public BuyingGroup {
      roleFrom = roleFrom == null ? "jobLevel" : roleFrom;
      roles = roles == null ? Map.of() : Map.copyOf(roles);
      required = required == null ? List.copyOf(roles.keySet()) : List.copyOf(required);
      window = window == null ? Duration.ofDays(30) : window;
      if (required.size() > 64) {
        throw new RuleProblem("accounts.buyingGroup.required", "at most 64 roles");
      }
      for (String role : required) {
        if (!roles.containsKey(role)) {
          throw new RuleProblem("accounts.buyingGroup.required", "'" + role + "' is not one of the roles");
        }
      }
    }

    /** The role that a value of {@code roleFrom} makes, or null. */
    public String roleOf(String value) {
      if (value == null) {
        return null;
      }
      for (Map.Entry<String, List<String>> role : roles.entrySet()) {
        for (String match : role.getValue()) {
          if (match.equalsIgnoreCase(value.trim())) {
            return role.getKey();
          }
        }
      }
      return null;
    }
  }

  /** A step of the account funnel; a qualified one also needs {@code minCoverage} of the buying group. */
  public record AccountStage(String id, String description, Double entry, Double exit, Boolean qualified,
      Double minCoverage, String action) {

    public AccountStage {
      if (id == null || id.isBlank()) {
        throw new RuleProblem("accounts.stages.id", "every account stage needs an id");
      }
      exit = exit == null ? entry : exit;
      if (entry != null && exit > entry) {
        throw new RuleProblem("accounts.stages.exit", "exit " + exit + " is above entry " + entry);
      }
      qualified = qualified != null && qualified;
      minCoverage = minCoverage == null ? 0 : minCoverage;
      if (minCoverage < 0 || minCoverage > 1) {
        throw new RuleProblem("accounts.stages.minCoverage", "a share of the required roles, from 0 to 1");
      }
      description = description == null ? id : description;
      if (action == null || action.isBlank()) {
        throw new RuleProblem("accounts.stages.action", "say what sales or marketing should do with such an account");
      }
    }

    public boolean canEnter(double score, double coverage) {
      return (entry == null || score >= entry) && coverage >= minCoverage;
    }

    public boolean canStay(double score, double coverage) {
      return (exit == null || score >= exit) && coverage >= minCoverage;
    }
  }

  public AccountRules {
    freeMailDomains = (freeMailDomains == null ? DEFAULT_FREE_MAIL : freeMailDomains).stream()
        .map(domain -> domain.trim().toLowerCase(Locale.ROOT)).toList();
    engagement = engagement == null ? new Engagement(null, null) : engagement;
    fit = fit == null ? List.of() : List.copyOf(fit);
    buyingGroup = buyingGroup == null ? new BuyingGroup(null, null, null, null) : buyingGroup;
    stages = stages == null ? List.of() : List.copyOf(stages);
    publishEvery = publishEvery == null ? Duration.ofSeconds(10) : publishEvery;
    if (publishEvery.toMillis() < 100) {
      throw new RuleProblem("accounts.publishEvery", "at least 100ms: each publication reads every lead of a changed "
          + "account");
    }
    if (!stages.isEmpty() && stages.get(0).entry() != null && stages.get(0).entry() > 0) {
      throw new RuleProblem("accounts.stages[0].entry", "the first account stage takes every account: leave entry out");
    }
    List<String> ids = new ArrayList<>();
    for (AccountStage stage : stages) {
      if (ids.contains(stage.id())) {
        throw new RuleProblem("accounts.stages", "stage id '" + stage.id() + "' is used twice");
      }
      ids.add(stage.id());
    }
    RuleIds.requireUnique("accounts.fit", fit, FitRule::id, List.of());
  }

  public boolean enabled() {
    return !stages.isEmpty();
  }

  /** The account of a company domain as a profile gives it: lower case, no "www.", null for none or free mail. */
  public String accountOf(String companyDomain) {
    if (companyDomain == null || companyDomain.isBlank() || !enabled()) {
      return null;
    }
    String domain = companyDomain.trim().toLowerCase(Locale.ROOT);
    if (domain.startsWith("www.")) {
      domain = domain.substring(4);
    }
    return freeMailDomains.contains(domain) ? null : domain;
  }

  public int indexOf(String stageId) {
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i).id().equals(stageId)) {
        return i;
      }
    }
    return -1;
  }

}
