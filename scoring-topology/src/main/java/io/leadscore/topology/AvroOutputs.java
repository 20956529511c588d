package io.leadscore.topology;

import io.leadscore.account.AccountCard;
import io.leadscore.account.AccountScoring;
import io.leadscore.avro.AccountChangeCause;
import io.leadscore.avro.AccountLead;
import io.leadscore.avro.AccountScore;
import io.leadscore.avro.AccountStageChange;
import io.leadscore.avro.ActionKind;
import io.leadscore.avro.Grade;
import io.leadscore.avro.LeadAction;
import io.leadscore.avro.LeadLifecycle;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.QualificationSnapshot;
import io.leadscore.avro.SalesStatus;
import io.leadscore.avro.ScoreReason;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.StageChangeCause;
import io.leadscore.avro.StageDirection;
import io.leadscore.avro.StatusTime;
import io.leadscore.lifecycle.Qualification;
import io.leadscore.lifecycle.SalesCycle;
import io.leadscore.rules.Stage;
import io.leadscore.score.Reason;
import io.leadscore.score.ReasonKind;
import io.leadscore.score.ScoreCard;
import io.leadscore.score.StageTransition;
import java.time.Instant;
import java.util.List;

/** The output records of the public contract, made from score cards. */
final class AvroOutputs {

  static final int TOP_REASONS = 5;
  /** What an alert to a team that its stage names gives as its rule. */
  static final String STAGE_ALERT = "stage";

  private AvroOutputs() {
  }

  /**
   * The record of {@code leadscore.lead-scores}: a compacted topic of the latest score per lead, rewritten with most
   * events, so its reasons name rules by id only (descriptions are in the rules, the API, and every stage change and
   * MQL).
   */
  static LeadScore leadScore(ScoreCard card) {
    return leadScore(card, false);
  }

  /** A lead's score as a stage change or an MQL shows it, with every reason described. */
  static LeadScore snapshot(ScoreCard card) {
    return leadScore(card, true);
  }

  private static LeadScore leadScore(ScoreCard card, boolean described) {
    return LeadScore.newBuilder()
        .setLeadId(card.leadId())
        .setEngagementScore(card.engagement())
        .setFitScore(card.fit())
        .setScore(card.score())
        .setGrade(Grade.valueOf(card.grade().name()))
        .setLabel(card.label())
        .setStage(card.stage().id())
        .setStageAction(card.stage().action())
        .setQualified(card.stage().qualified())
        .setProfileKnown(card.profileKnown())
        .setRulesVersion(card.rulesVersion())
        .setUpdatedAt(Instant.ofEpochMilli(card.evaluatedAt()))
        .setLastActivityAt(card.lastActivityAt() == null ? null : Instant.ofEpochMilli(card.lastActivityAt()))
        .setTopReasons(reasons(card.topReasons(TOP_REASONS), described))
        .setFitReasons(reasons(card.fitReasons(), described))
        .build();
  }

  static StageChange stageChange(ScoringOutcome outcome) {
    ScoreCard card = outcome.card();
    StageTransition transition = outcome.transition().orElseThrow();
    return StageChange.newBuilder()
        .setLeadId(card.leadId())
        .setFromStage(transition.from().id())
        .setToStage(transition.to().id())
        .setDirection(transition.up() ? StageDirection.UP : StageDirection.DOWN)
        .setCause(StageChangeCause.valueOf(transition.cause().name()))
        .setAction(transition.to().action())
        .setChangedAt(Instant.ofEpochMilli(card.evaluatedAt()))
        .setSnapshot(snapshot(card))
        .build();
  }

  static MqlEntry mqlEntry(ScoringOutcome outcome) {
    ScoreCard card = outcome.card();
    StageTransition transition = outcome.transition().orElseThrow();
    return MqlEntry.newBuilder()
        .setLeadId(card.leadId())
        .setQualifiedAt(Instant.ofEpochMilli(card.evaluatedAt()))
        .setFromStage(transition.from().id())
        .setCause(StageChangeCause.valueOf(transition.cause().name()))
        .setSnapshot(snapshot(card))
        .setProfile(outcome.profile())
        .setInterests(interests(card))
        .build();
  }

  private static List<String> interests(ScoreCard card) {
    return card.reasons().stream()
        .filter(r -> r.kind() == ReasonKind.ENGAGEMENT && r.points() > 0)
        .map(Reason::ruleId).distinct().sorted().toList();
  }

  /**
   * What entering an acting stage asks for. An alert to a team the stage names is complete here; one to the account's
   * owner leaves whom to the router.
   */
  static LeadAction leadAction(ScoringOutcome outcome) {
    ScoreCard card = outcome.card();
    StageTransition transition = outcome.transition().orElseThrow();
    Stage stage = transition.to();
    boolean alert = stage.alert() != null;
    boolean toTeam = alert && !Stage.OWNER.equals(stage.alert());
    return LeadAction.newBuilder()
        .setLeadId(card.leadId())
        .setKind(alert ? ActionKind.ALERT : ActionKind.CAMPAIGN)
        .setStage(stage.id())
        .setFromStage(transition.from().id())
        .setAction(stage.action())
        .setEnteredAt(Instant.ofEpochMilli(card.evaluatedAt()))
        .setAlertTo(stage.alert())
        .setCampaign(alert ? null : stage.campaign())
        .setTeam(toTeam ? stage.alert() : null)
        .setRule(toTeam ? STAGE_ALERT : null)
        .setSnapshot(snapshot(card))
        .setProfile(alert ? outcome.profile() : null)
        .setInterests(interests(card))
        .build();
  }

  static LeadLifecycle leadLifecycle(SalesStatusChange change) {
    SalesCycle cycle = change.moved().cycle();
    Qualification qualification = cycle.qualification();
    return LeadLifecycle.newBuilder()
        .setLeadId(change.leadId())
        .setStatus(SalesStatus.valueOf(cycle.status().name()))
        .setPreviousStatus(SalesStatus.valueOf(change.moved().from().name()))
        .setChangedAt(Instant.ofEpochMilli(cycle.since()))
        .setCycle(cycle.cycle())
        .setCycleStartedAt(Instant.ofEpochMilli(cycle.startedAt()))
        .setQualifiedAt(cycle.qualifiedAt() == null ? null : Instant.ofEpochMilli(cycle.qualifiedAt()))
        .setTimeInStatus(cycle.timeInStatus().stream()
            .map(time -> new StatusTime(SalesStatus.valueOf(time.status().name()), time.millis()))
            .toList())
        .setQualification(qualification == null ? null : QualificationSnapshot.newBuilder()
            .setRulesVersion(qualification.rulesVersion())
            .setGrade(Grade.valueOf(qualification.grade().name()))
            .setEngagementScore(qualification.engagement())
            .setScore(qualification.score())
            .setTopInterest(qualification.topInterest())
            .setChannel(qualification.channel())
            .build())
        .setRepId(change.reported() == null ? null : change.reported().getRepId())
        .setNote(change.reported() == null ? null : change.reported().getNote())
        .build();
  }

  /** The most engaged leads an account's record lists; the API lists them all. */
  static final int ACCOUNT_LEADS_LISTED = 20;

  static AccountScore accountScore(AccountCard card, String rulesVersion) {
    return AccountScore.newBuilder()
        .setDomain(card.domain())
        .setEngagementScore(card.engagement())
        .setFitScore(card.fit())
        .setScore(card.score())
        .setCoverage(card.coverage())
        .setRolesEngaged(card.rolesEngaged())
        .setRolesMissing(card.rolesMissing())
        .setStage(card.stage().id())
        .setStageAction(card.stage().action())
        .setQualified(card.stage().qualified())
        .setLeads(card.leads().stream().limit(ACCOUNT_LEADS_LISTED)
            .map(lead -> new AccountLead(lead.leadId(), lead.engagement(), lead.counted(), lead.role())).toList())
        .setLeadCount(card.leads().size())
        .setFirmographics(card.firmographics())
        .setFitReasons(reasons(card.fitReasons(), true))
        .setRulesVersion(rulesVersion)
        .setUpdatedAt(Instant.ofEpochMilli(card.evaluatedAt()))
        .build();
  }

  static AccountStageChange accountStageChange(AccountOutcome outcome, String rulesVersion) {
    AccountScoring.Transition transition = outcome.transition().orElseThrow();
    return AccountStageChange.newBuilder()
        .setDomain(outcome.card().domain())
        .setFromStage(transition.from().id())
        .setToStage(transition.to().id())
        .setUp(transition.up())
        .setMqa(transition.mqa())
        .setCause(outcome.byDecay() ? AccountChangeCause.DECAY : AccountChangeCause.LEADS)
        .setChangedAt(Instant.ofEpochMilli(outcome.card().evaluatedAt()))
        .setSnapshot(accountScore(outcome.card(), rulesVersion))
        .build();
  }

  private static List<ScoreReason> reasons(List<Reason> reasons, boolean described) {
    return reasons.stream()
        .map(r -> new ScoreReason(io.leadscore.avro.ReasonKind.valueOf(r.kind().name()), r.ruleId(),
            described ? r.description() : null, r.points(), r.beforeIdentification()))
        .toList();
  }
}
