-- Applies one partition's batch of article counts, and the offset it consumed, to the speed view.
-- Atomic because Redis runs a script to completion with no other command in between: either every
-- increment of the batch and the new offset are in Redis, or none of them is. Built by ApplyCall.java;
-- the layout below is the contract between the two files.
--
-- KEYS[1]           offsets hash     sg:s:{gen}:offsets        field {topic}:{partition} -> last offset applied
-- KEYS[2]           display hash     sg:display                canonical -> display form (first one wins)
-- KEYS[3 .. 2+C]    count hashes     hour, minute and docs buckets, each listed once
-- KEYS[3+C .. ]     seen markers     sg:s:{gen}:seen:{articleId}, each listed once
--
-- ARGV[1]           offsets field    {topic}:{partition}
-- ARGV[2]           last offset of the batch (of every record read, counted or not)
-- ARGV[3]           dedupe horizon in ms: PX of a new seen marker
-- ARGV[4]           C, the number of count hashes
-- ARGV[5 .. 4+C]    expire-at (epoch ms) of KEYS[2+i]: the end of that bucket's retention
-- then              D, then D pairs (canonical, display)
-- then              A, then per article in offset order:
--                     offset, seen-marker index into KEYS, G, then G groups of
--                     K, K count-key indices into KEYS, F, F fields
--                   (a group means: each of its K hashes gets +1 on each of its F fields)
--
-- Returns {status, applied, duplicates, alreadyApplied}, status 'applied' or 'skipped'.

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
  return {'skipped', 0, 0, 0}
end

local horizonMs = ARGV[3]
local countKeys = tonumber(ARGV[4])
local p = 5 + countKeys

local displayPairs = tonumber(ARGV[p])
local displayAt = p + 1
p = displayAt + 2 * displayPairs

-- Increments are summed per (hash, field) first, so a keyword in 300 articles costs one HINCRBY, not 300.
local pending = {}
local applied, duplicates, alreadyApplied = 0, 0, 0

local articles = tonumber(ARGV[p])
p = p + 1
for _ = 1, articles do
  local offset = tonumber(ARGV[p])
  local seenKey = KEYS[tonumber(ARGV[p + 1])]
  local groups = tonumber(ARGV[p + 2])
  p = p + 3
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
  for _ = 1, groups do
    local k = tonumber(ARGV[p])
    local f = tonumber(ARGV[p + 1 + k])
    local fieldsAt = p + 2 + k
    if counts then
      for i = 1, k do
        local keyIndex = tonumber(ARGV[p + i])
        local byField = pending[keyIndex]
        if not byField then
          byField = {}
          pending[keyIndex] = byField
        end
        for j = 0, f - 1 do
          local field = ARGV[fieldsAt + j]
          byField[field] = (byField[field] or 0) + 1
        end
      end
    end
    p = fieldsAt + f
  end
end

for keyIndex, byField in pairs(pending) do
  for field, n in pairs(byField) do
    redis.call('HINCRBY', KEYS[keyIndex], field, n)
  end
  -- KEYS[2+i] has its expiry at ARGV[4+i].
  redis.call('PEXPIREAT', KEYS[keyIndex], ARGV[keyIndex + 2])
end
for i = 0, displayPairs - 1 do
  redis.call('HSETNX', KEYS[2], ARGV[displayAt + 2 * i], ARGV[displayAt + 2 * i + 1])
end
redis.call('HSET', KEYS[1], offsetField, ARGV[2])
return {'applied', applied, duplicates, alreadyApplied}
