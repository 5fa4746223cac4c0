package dev.keel.testkit;

/**
 * A fault SPEC that cannot be parsed. The message names the item, what is wrong with it, and
 * summarises the valid grammar ({@link FaultSpec#GRAMMAR}).
 */
public final class FaultSpecException extends IllegalArgumentException {

  private final String item;
  private final String problem;

  /**
   * @param item the offending item as written (may be the whole SPEC)
   * @param problem what is wrong with it
   */
  public FaultSpecException(String item, String problem) {
    super("invalid fault spec item \"" + item + "\": " + problem + ". " + FaultSpec.GRAMMAR);
    this.item = item;
    this.problem = problem;
  }

  /** The offending item as written. */
  public String item() {
    return item;
  }

  /** What is wrong with the item, without the grammar summary. */
  public String problem() {
    return problem;
  }
}
