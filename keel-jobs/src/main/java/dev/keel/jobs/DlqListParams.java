package dev.keel.jobs;

/**
 * Parameters of {@link JobStore#dlqList}: dead jobs matching {@code filter}, newest dead-lettered
 * first by id descending, keyset-paged.
 *
 * @param filter which entries
 * @param beforeId only ids below this (the last id of the previous page); null for the first page
 * @param limit page size, 1..1000
 */
public record DlqListParams(DlqFilter filter, Long beforeId, int limit) {

  /** Validates the page size. */
  public DlqListParams {
    filter = filter == null ? DlqFilter.ALL : filter;
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be in 1..1000, was " + limit);
    }
  }
}
