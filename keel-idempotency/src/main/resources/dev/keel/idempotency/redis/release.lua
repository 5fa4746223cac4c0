-- Removes an in-flight claim if, and only if, the caller owns it (compare-and-delete on the
-- token). KEYS[1] = record key; ARGV[1] = token. Returns 1 when removed, 0 otherwise.
local held = redis.call('HMGET', KEYS[1], 's', 't')
if held[1] == 'i' and held[2] == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
