/**
 * Keel's in-process resilience primitives. Only {@code dev.keel.core} is API; {@code
 * dev.keel.core.internal} is Keel's own plumbing. Micrometer (an automatic module) is optional:
 * only {@code dev.keel.core.KeelMicrometer}, whose signatures use its types, needs it.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.keel.core {
  requires org.slf4j;
  requires static transitive micrometer.core;

  exports dev.keel.core;
}
