-- Claims an idempotency key, or returns what holds it, in one atomic step.
-- KEYS[1] = record key; ARGV[1] = token, ARGV[2] = fingerprint, ARGV[3] = lease in ms.
-- The record is a hash: s = state ('i' in flight, 'c' completed), t = token, f = fingerprint,
-- r = encoded response. Its expiry (lease, later retention) is set here, on the server's clock,
-- in the same script as the write, so no crash can leave a record without an expiry.
local held = redis.call('HMGET', KEYS[1], 's', 'f', 'r')
if held[1] then
  return {held[1], held[2] or '', held[3] or '', redis.call('PTTL', KEYS[1])}
end
redis.call('HSET', KEYS[1], 's', 'i', 't', ARGV[1], 'f', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {'claimed'}
