package dev.keel.jobs;

/** Told when a queue's DLQ depth is at or above the configured threshold. Must not block. */
@FunctionalInterface
public interface DlqAlertListener {

  /** Queue {@code queue} holds {@code depth} dead jobs, at or above {@code threshold}. */
  void onDlqDepth(String queue, long depth, long threshold);
}
