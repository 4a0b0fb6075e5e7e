-- Applies one partition's batch of article counts, and the offset it consumed, to the speed view.
-- Atomic because Redis runs a script to completion with no other command in between: either every
-- increment of the batch and the new offset are in Redis, or none of them is. Built by ApplyCall.java;
-- the layout below is the contract between the two files.
--
-- Why the batch arrives pre-summed: most articles count (duplicates are rare), so ApplyCall sums the increments
-- of every article in Java and this script issues one HINCRBY per (hash, field), then takes back the share of
-- the few articles that turn out not to count. Summing here, per article, cost more than the increments
-- themselves (docs/benchmarks.md).
--
-- KEYS[1]           offsets hash     sg:s:{gen}:offsets        field {topic}:{partition} -> last offset applied
-- KEYS[2]           display hash     sg:display                canonical -> display form (first one wins)
-- KEYS[3 .. 2+C]    hashes           count buckets, docs, author markers, voices, evidence; each listed once
-- KEYS[3+C .. ]     seen markers     sg:s:{gen}:seen:{articleId}, each listed once
--
-- ARGV[1]           offsets field    {topic}:{partition}
-- ARGV[2]           last offset of the batch (of every record read, counted or not)
-- ARGV[3]           dedupe horizon in ms: PX of a new seen marker
-- ARGV[4]           evidence: headlines kept per keyword and hour
-- ARGV[5]           evidence: all-slice hour count a keyword needs before its headlines are kept
-- ARGV[6]           C, the number of hashes
-- ARGV[7 .. 6+C]    expire-at (epoch ms) of KEYS[2+i]: the end of that hash's retention
-- then  D, then D pairs (canonical, display)
-- then  S, then S sums: key index, F, then F pairs (field, n)          -- if every plain article counts
-- then  A, then per article in offset order:
--         offset, seen-marker key index, undo, G, and if G > 0: marker key index, K, K key indices, G pairs
--         (marker field, field)
--       undo is this article's share of the sums, to take back if it does not count: groups separated by
--       "\30", each "key index,key index,...\31field\31field..." (every listed hash had +1 on every field).
--       G > 0 for a social post with an author: its keyword counts are not in the sums but gated here: field
--       +1 on each of the K hashes only if HSETNX(marker, marker field) is new (one author, one count per
--       keyword, language and hour).
-- then  V, then V site-voice checks: marker key index, marker field, voices key index, field
--       (a site's first mention of a keyword in an hour: voices +1)
-- then  H, then H headline JSON objects; then E, then E evidence candidates: evidence key index, field,
--       all-slice hour key index, N, N headline indices (1-based, newest first)
--
-- Returns {status, applied, duplicates, alreadyApplied, authorRepeats}, status 'applied' or 'skipped'.

local offsetField = ARGV[1]
local lastOffset = tonumber(ARGV[2])
local stored = redis.call('HGET', KEYS[1], offsetField)
-- NOTE: Lua numbers are doubles; offsets are exact up to 2^53, far beyond any partition's life.
local storedOffset = -1
if stored then
  storedOffset = tonumber(stored)
end
if storedOffset >= lastOffset then
  -- The whole batch is already in Redis: a replay after a crash between this script and the Kafka commit.
  return {'skipped', 0, 0, 0, 0}
end

local horizonMs = ARGV[3]
local evidenceKeep = tonumber(ARGV[4])
local evidenceMinCount = tonumber(ARGV[5])
local hashCount = tonumber(ARGV[6])
local p = 7 + hashCount

local displayPairs = tonumber(ARGV[p])
local displayAt = p + 1
p = displayAt + 2 * displayPairs

-- 1. The sums, as if every plain article counted.
local sums = tonumber(ARGV[p])
p = p + 1
for _ = 1, sums do
  local key = KEYS[tonumber(ARGV[p])]
  local fields = tonumber(ARGV[p + 1])
  p = p + 2
  for j = 0, fields - 1 do
    redis.call('HINCRBY', key, ARGV[p + 2 * j], ARGV[p + 2 * j + 1])
  end
  p = p + 2 * fields
end

-- 2. Each article: does it count? Take back the share of those that do not; gate the social authors' keywords.
local applied, duplicates, alreadyApplied, authorRepeats = 0, 0, 0, 0
local undo = {}
-- The gated increments, summed here before one HINCRBY per (hash, field): posts of one minute share their hashes.
local gatedSums = {}
local articles = tonumber(ARGV[p])
p = p + 1
for _ = 1, articles do
  local offset = tonumber(ARGV[p])
  local seenKey = KEYS[tonumber(ARGV[p + 1])]
  local share = ARGV[p + 2]
  local gated = tonumber(ARGV[p + 3])
  p = p + 4
  local counts = false
  if offset <= storedOffset then
    -- A batch that overlaps what another consumer of this partition already applied (a rebalance
    -- whose old owner flushed late): those records are in Redis already.
    alreadyApplied = alreadyApplied + 1
  elseif redis.call('SET', seenKey, '1', 'NX', 'PX', horizonMs) then
    applied = applied + 1
    counts = true
  else
    -- The id was counted before (an earlier offset, in this batch or an earlier one): one article, one count.
    duplicates = duplicates + 1
  end
  if not counts and share ~= '' then
    undo[#undo + 1] = share
  end
  if gated > 0 then
    local marker = KEYS[tonumber(ARGV[p])]
    local k = tonumber(ARGV[p + 1])
    local pairsAt = p + 2 + k
    if counts then
      for g = 0, gated - 1 do
        if redis.call('HSETNX', marker, ARGV[pairsAt + 2 * g], '1') == 1 then
          local field = ARGV[pairsAt + 2 * g + 1]
          for i = 1, k do
            local keyIndex = ARGV[p + 1 + i]
            local byField = gatedSums[keyIndex]
            if not byField then
              byField = {}
              gatedSums[keyIndex] = byField
            end
            byField[field] = (byField[field] or 0) + 1
          end
        else
          authorRepeats = authorRepeats + 1
        end
      end
    end
    p = pairsAt + 2 * gated
  end
end

for keyIndex, byField in pairs(gatedSums) do
  local key = KEYS[tonumber(keyIndex)]
  for field, n in pairs(byField) do
    redis.call('HINCRBY', key, field, n)
  end
end

for _, share in ipairs(undo) do
  for group in string.gmatch(share, '[^\30]+') do
    local keyList, fieldList = string.match(group, '^([^\31]*)\31(.*)$')
    for keyIndex in string.gmatch(keyList, '[^,]+') do
      local key = KEYS[tonumber(keyIndex)]
      for field in string.gmatch(fieldList, '[^\31]+') do
        if redis.call('HINCRBY', key, field, -1) <= 0 then
          redis.call('HDEL', key, field)
        end
      end
    end
  end
end

-- 3. Distinct sites per keyword and hour (the social authors were counted in step 2).
local voices = tonumber(ARGV[p])
p = p + 1
for _ = 1, voices do
  if redis.call('HSETNX', KEYS[tonumber(ARGV[p])], ARGV[p + 1], '1') == 1 then
    redis.call('HINCRBY', KEYS[tonumber(ARGV[p + 2])], ARGV[p + 3], 1)
  end
  p = p + 4
end

-- 4. Evidence: the newest few headlines of a keyword that counts for something this hour.
local headlines = tonumber(ARGV[p])
local headlinesAt = p + 1
p = headlinesAt + headlines
local candidates = tonumber(ARGV[p])
p = p + 1
for _ = 1, candidates do
  local evidenceKey = KEYS[tonumber(ARGV[p])]
  local field = ARGV[p + 1]
  local n = tonumber(ARGV[p + 3])
  local count = tonumber(redis.call('HGET', KEYS[tonumber(ARGV[p + 2])], field) or '0')
  if count >= evidenceMinCount then
    local kept = {}
    local ids = {}
    for i = 0, n - 1 do
      local h = cjson.decode(ARGV[headlinesAt + tonumber(ARGV[p + 4 + i]) - 1])
      if not ids[h.id] then
        ids[h.id] = true
        kept[#kept + 1] = h
      end
    end
    local old = redis.call('HGET', evidenceKey, field)
    if old then
      for _, h in ipairs(cjson.decode(old)) do
        if not ids[h.id] then
          ids[h.id] = true
          kept[#kept + 1] = h
        end
      end
    end
    -- Newest first by epoch ms (ISO strings with and without fractions do not sort as text), ties by id.
    table.sort(kept, function(a, b)
      if a.ts ~= b.ts then
        return a.ts > b.ts
      end
      return a.id < b.id
    end)
    while #kept > evidenceKeep do
      table.remove(kept)
    end
    redis.call('HSET', evidenceKey, field, cjson.encode(kept))
  end
  p = p + 4 + n
end

for i = 0, displayPairs - 1 do
  redis.call('HSETNX', KEYS[2], ARGV[displayAt + 2 * i], ARGV[displayAt + 2 * i + 1])
end
for i = 1, hashCount do
  -- KEYS[2+i] has its expiry at ARGV[6+i]; a hash this batch did not create is left as it is (no such key).
  redis.call('PEXPIREAT', KEYS[2 + i], ARGV[6 + i])
end
redis.call('HSET', KEYS[1], offsetField, ARGV[2])
return {'applied', applied, duplicates, alreadyApplied, authorRepeats}
