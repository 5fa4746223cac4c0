-- Stores the outcome of a claim if, and only if, the caller still owns it (compare-and-set on the
-- token). KEYS[1] = record key; ARGV[1] = token, ARGV[2] = encoded response, ARGV[3] = retention
-- in ms. Returns 1 when stored, 0 otherwise.
local held = redis.call('HMGET', KEYS[1], 's', 't')
if held[1] == 'i' and held[2] == ARGV[1] then
  redis.call('HSET', KEYS[1], 's', 'c', 'r', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0
