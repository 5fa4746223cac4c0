package dev.keel.jobs;

/** A payload exceeded the configured maximum size. Nothing was written. */
public class PayloadTooLargeException extends InvalidJobException {

  private final int limitBytes;

  /** The payload was {@code sizeBytes} long, above {@code limitBytes}. */
  public PayloadTooLargeException(int sizeBytes, int limitBytes) {
    super(
        "payload",
        "payload is "
            + sizeBytes
            + " bytes of UTF-8 JSON, above the limit of "
            + limitBytes
            + " bytes; store large data elsewhere and enqueue a reference");
    this.limitBytes = limitBytes;
  }

  /** The configured limit in bytes. */
  public int limitBytes() {
    return limitBytes;
  }
}
