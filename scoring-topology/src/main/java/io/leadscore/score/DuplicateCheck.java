package io.leadscore.score;

/** Whether an activity repeats an event the lead already scored, as far as the lead's state can tell. */
public enum DuplicateCheck {
  DUPLICATE,
  NEW,
  /** The state moved ids of this lead's events in the window out to the overflow store: only that store can tell. */
  LOOK_UP
}
