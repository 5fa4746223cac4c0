package dev.keel.examples.orders.internal;

import dev.keel.examples.orders.ConfirmationEmail;
import dev.keel.examples.orders.EmailClient;
import dev.keel.examples.orders.EmailRejectedException;
import dev.keel.jobs.JobContext;
import dev.keel.jobs.JobHandler;
import dev.keel.jobs.NonRetryableException;
import java.util.Map;
import java.util.Objects;

/**
 * Sends the confirmation of one order. The job's idempotency key (the same in every attempt) is the
 * email call's {@code Idempotency-Key}, so a retried job cannot send twice. A failure of the email
 * service fails the attempt (keel-jobs retries it with backoff, then dead-letters it with every
 * attempt's error); a 4xx is final and dead-letters at once. Thread-safe.
 */
public final class ConfirmationEmailHandler implements JobHandler<ConfirmationEmail> {

  private final EmailClient email;

  /** A handler that sends through {@code email}. */
  public ConfirmationEmailHandler(EmailClient email) {
    this.email = Objects.requireNonNull(email, "email");
  }

  @Override
  public void handle(JobContext context, ConfirmationEmail payload) throws Exception {
    String messageId;
    try {
      messageId = email.send(payload, context.idempotencyKey());
    } catch (EmailRejectedException e) {
      throw new NonRetryableException(e.getMessage(), e);
    }
    context.result(Map.of("messageId", messageId, "orderId", payload.orderId()));
  }
}
