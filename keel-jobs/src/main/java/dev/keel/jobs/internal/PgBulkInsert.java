package dev.keel.jobs.internal;

import dev.keel.core.internal.SqlCatalog;
import dev.keel.jobs.EnqueueResult;
import dev.keel.jobs.JobInsert;
import dev.keel.jobs.JobInsertParams;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch enqueue on PostgreSQL in one statement whatever the batch size ({@code EnqueueMany}:
 * claim the dedup ledger entries of the new operations and insert their jobs), plus one lookup
 * ({@code DedupLookupMany}) only when some operations were already enqueued. Works in auto-commit
 * mode (the enqueue is then one round trip) and inside a transaction.
 */
final class PgBulkInsert {

  private PgBulkInsert() {}

  /**
   * Inserts {@code params.jobs()} on {@code c}; adds the queues that got new jobs to {@code
   * queues}.
   *
   * @return one result per job, in order
   */
  static List<EnqueueResult> insert(
      SqlCatalog sql, Connection c, JobInsertParams params, Set<String> queues)
      throws SQLException {
    List<JobInsert> jobs = params.jobs();
    EnqueueResult[] results = new EnqueueResult[jobs.size()];
    // Only the first row of each (owner, hash) goes to the database; later rows of the batch
    // with the same key take that row's outcome.
    Map<List<String>, Integer> firstOfKey = new HashMap<>();
    List<Integer> sent = new ArrayList<>();
    for (int k = 0; k < jobs.size(); k++) {
      JobInsert job = jobs.get(k);
      if (job.operationHash() == null
          || firstOfKey.putIfAbsent(List.of(job.ownerId(), job.operationHash()), k) == null) {
        sent.add(k);
      }
    }
    Map<String, Integer> byIdem = new HashMap<>();
    int size = sent.size();
    String[] queue = new String[size];
    String[] type = new String[size];
    String[] payload = new String[size];
    Integer[] priority = new Integer[size];
    Integer[] maxAttempts = new Integer[size];
    String[] owner = new String[size];
    String[] hash = new String[size];
    String[] idem = new String[size];
    Long[] runAt = new Long[size];
    Long[] delay = new Long[size];
    for (int n = 0; n < size; n++) {
      JobInsert job = jobs.get(sent.get(n));
      queue[n] = job.queue();
      type[n] = job.type();
      payload[n] = job.payloadJson();
      priority[n] = job.priority();
      maxAttempts[n] = job.maxAttempts();
      owner[n] = job.ownerId();
      hash[n] = job.operationHash();
      idem[n] = job.idempotencyKey();
      runAt[n] = job.runAt() == null ? null : job.runAt().toEpochMilli();
      delay[n] = job.delayMillis();
      byIdem.put(job.idempotencyKey(), sent.get(n));
    }
    try (PreparedStatement ps = c.prepareStatement(sql.get("EnqueueMany"))) {
      int i = 1;
      ps.setArray(i++, c.createArrayOf("text", queue));
      ps.setArray(i++, c.createArrayOf("text", type));
      ps.setArray(i++, c.createArrayOf("text", payload));
      ps.setArray(i++, c.createArrayOf("int4", priority));
      ps.setArray(i++, c.createArrayOf("int4", maxAttempts));
      ps.setArray(i++, c.createArrayOf("text", owner));
      ps.setArray(i++, c.createArrayOf("text", hash));
      ps.setArray(i++, c.createArrayOf("text", idem));
      ps.setArray(i++, c.createArrayOf("bigint", runAt));
      ps.setArray(i++, c.createArrayOf("bigint", delay));
      ps.setLong(i, params.dedupRetention().toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int k = byIdem.get(rs.getString(2));
          results[k] = new EnqueueResult(rs.getLong(1), false);
          queues.add(jobs.get(k).queue());
        }
      }
    }
    // Rows sent but not inserted are operations already in the ledger: look up their jobs.
    List<String> dupOwners = new ArrayList<>();
    List<String> dupHashes = new ArrayList<>();
    for (int k : sent) {
      if (results[k] == null) {
        dupOwners.add(jobs.get(k).ownerId());
        dupHashes.add(jobs.get(k).operationHash());
      }
    }
    Map<List<String>, Long> existing = new HashMap<>();
    if (!dupOwners.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(sql.get("DedupLookupMany"))) {
        ps.setArray(1, c.createArrayOf("text", dupOwners.toArray(String[]::new)));
        ps.setArray(2, c.createArrayOf("text", dupHashes.toArray(String[]::new)));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            existing.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3));
          }
        }
      }
    }
    for (int k = 0; k < jobs.size(); k++) {
      if (results[k] != null) {
        continue;
      }
      JobInsert job = jobs.get(k);
      List<String> key = List.of(job.ownerId(), job.operationHash());
      int first = firstOfKey.get(key);
      Long id;
      if (first != k && results[first] != null && !results[first].duplicate()) {
        id = results[first].jobId(); // a later row of the batch with a key claimed by this batch
      } else {
        id = existing.get(key);
      }
      if (id == null) {
        throw new SQLException("dedup entry vanished during enqueue; retry the enqueue");
      }
      results[k] = new EnqueueResult(id, true);
    }
    return List.of(results);
  }
}
