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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch enqueue on PostgreSQL in at most three statements, whatever the batch size: claim the
 * dedup ledger entries of the new operations ({@code DedupClaimMany}), look up the ids of those
 * already enqueued ({@code DedupLookupMany}, only when there are any), and insert every new job
 * ({@code JobInsertMany}). Runs inside the caller's transaction.
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
    // 1. Dedup: the first row of each (owner, hash) claims a ledger entry; later rows of the
    //    batch with the same key, and keys already in the ledger, are duplicates.
    Map<List<String>, Integer> firstOfKey = new LinkedHashMap<>();
    for (int k = 0; k < jobs.size(); k++) {
      JobInsert job = jobs.get(k);
      if (job.operationHash() != null) {
        firstOfKey.putIfAbsent(List.of(job.ownerId(), job.operationHash()), k);
      }
    }
    Map<List<String>, Long> claimed = new HashMap<>();
    Map<List<String>, Long> existing = new HashMap<>();
    if (!firstOfKey.isEmpty()) {
      String[] owners = new String[firstOfKey.size()];
      String[] hashes = new String[firstOfKey.size()];
      int n = 0;
      for (List<String> key : firstOfKey.keySet()) {
        owners[n] = key.get(0);
        hashes[n++] = key.get(1);
      }
      try (PreparedStatement ps = c.prepareStatement(sql.get("DedupClaimMany"))) {
        ps.setLong(1, params.dedupRetention().toMillis());
        ps.setArray(2, c.createArrayOf("text", owners));
        ps.setArray(3, c.createArrayOf("text", hashes));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            claimed.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3));
          }
        }
      }
      if (claimed.size() < firstOfKey.size()) {
        try (PreparedStatement ps = c.prepareStatement(sql.get("DedupLookupMany"))) {
          ps.setArray(1, c.createArrayOf("text", owners));
          ps.setArray(2, c.createArrayOf("text", hashes));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              existing.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3));
            }
          }
        }
      }
    }
    // 2. Insert every new job in one statement.
    List<Integer> fresh = new ArrayList<>();
    for (int k = 0; k < jobs.size(); k++) {
      JobInsert job = jobs.get(k);
      if (job.operationHash() == null) {
        fresh.add(k);
        continue;
      }
      List<String> key = List.of(job.ownerId(), job.operationHash());
      if (firstOfKey.get(key) == k && claimed.containsKey(key)) {
        fresh.add(k);
      } else {
        Long id = claimed.containsKey(key) ? claimed.get(key) : existing.get(key);
        if (id == null) {
          throw new SQLException("dedup entry vanished during enqueue; retry the enqueue");
        }
        results[k] = new EnqueueResult(id, true);
      }
    }
    if (!fresh.isEmpty()) {
      int size = fresh.size();
      Long[] ids = new Long[size];
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
      Map<String, Integer> byIdem = new HashMap<>();
      for (int n = 0; n < size; n++) {
        JobInsert job = jobs.get(fresh.get(n));
        ids[n] =
            job.operationHash() == null
                ? null
                : claimed.get(List.of(job.ownerId(), job.operationHash()));
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
        byIdem.put(job.idempotencyKey(), fresh.get(n));
        queues.add(job.queue());
      }
      try (PreparedStatement ps = c.prepareStatement(sql.get("JobInsertMany"))) {
        int i = 1;
        ps.setArray(i++, c.createArrayOf("bigint", ids));
        ps.setArray(i++, c.createArrayOf("text", queue));
        ps.setArray(i++, c.createArrayOf("text", type));
        ps.setArray(i++, c.createArrayOf("text", payload));
        ps.setArray(i++, c.createArrayOf("int4", priority));
        ps.setArray(i++, c.createArrayOf("int4", maxAttempts));
        ps.setArray(i++, c.createArrayOf("text", owner));
        ps.setArray(i++, c.createArrayOf("text", hash));
        ps.setArray(i++, c.createArrayOf("text", idem));
        ps.setArray(i++, c.createArrayOf("bigint", runAt));
        ps.setArray(i, c.createArrayOf("bigint", delay));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            results[byIdem.get(rs.getString(2))] = new EnqueueResult(rs.getLong(1), false);
          }
        }
      }
    }
    return List.of(results);
  }
}
