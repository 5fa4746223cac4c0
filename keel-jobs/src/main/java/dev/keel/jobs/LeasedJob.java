package dev.keel.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * A job claimed under a lease. Every later change (heartbeat, complete, fail, release) must present
 * {@link #leaseToken()}; once the lease is lost (expired and rescued, or released) those calls
 * throw {@link LeaseLostException}.
 *
 * @param id the job id
 * @param queue its queue
 * @param type its type
 * @param payloadJson payload as compact JSON
 * @param attempt this attempt's number, from 1
 * @param maxAttempts attempts allowed
 * @param ownerId the owner that enqueued it
 * @param idempotencyKey stable across attempts; send it with downstream calls
 * @param leaseToken the fencing token of this lease
 * @param leaseExpiresAt the lease deadline, on the database clock
 * @param enqueuedAt when the job was enqueued
 * @param startLatency from when the job became due to this claim
 */
public record LeasedJob(
    long id,
    String queue,
    String type,
    String payloadJson,
    int attempt,
    int maxAttempts,
    String ownerId,
    String idempotencyKey,
    String leaseToken,
    Instant leaseExpiresAt,
    Instant enqueuedAt,
    Duration startLatency) {}
