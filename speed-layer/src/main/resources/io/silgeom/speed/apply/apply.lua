-- Applies one partition's batch of article counts, and the offset it consumed, to the speed view.
-- Atomic because Redis runs a script to completion with no other command in between: either every
-- increment of the batch and the new offset are in Redis, or none of them is. Built by ApplyCall.java;
-- the layout below is the contract between the two files.
--
-- Why the batch arrives decided: ApplyCall read, just before, what decides which articles and keywords count (the
-- stored offset, the seen markers, the author and site markers) and built plain pre-summed increments from it. This
-- script checks every one of those answers, claims the new markers, and only then counts; if any answer has changed
-- it refuses before writing anything (only the seen markers it set are undone), and the writer reads again.
-- Deciding per article in here cost more Redis time than the counting itself (docs/benchmarks.md).
--
-- KEYS[1]              offsets hash     sg:s:{gen}:offsets        field {topic}:{partition} -> last offset applied
-- KEYS[2]              display hash     sg:display                canonical -> display form (first one wins; only forms
--                                       that differ from the canonical one are sent)
-- KEYS[3]              leaf slices set  sg:s:{gen}:slices         the leaf slices {lang}:{source} the view has written
-- KEYS[4 .. 3+C]       hashes           count buckets (leaf slices only), docs, author/site markers, voices, evidence;
--                                       each listed once
-- KEYS[4+C .. 3+C+N]   seen markers to set: sg:s:{gen}:seen:{articleId} of the articles that count (none exists)
-- KEYS[.. +M]          seen markers that exist (the duplicates' markers: each must still exist)
--
-- ARGV[1]           offsets field    {topic}:{partition}
-- ARGV[2]           last offset of the batch (of every record read, counted or not)
-- ARGV[3]           the offsets field's value when read ("" if absent): must be unchanged
-- ARGV[4]           dedupe horizon in ms: PX of a new seen marker
-- ARGV[5]           evidence: headlines kept per keyword and hour
-- ARGV[6]           evidence: voices (distinct sites and authors) a keyword needs in the hour before its headlines are kept
-- ARGV[7]           C, the number of hashes
-- ARGV[8 .. 7+C]    expire-at (epoch ms) of KEYS[3+i]: the end of that hash's retention
-- then  N, M        the numbers of seen markers to set and that must exist
-- then  K, then K groups: marker key index, F, F fields that must exist (author/site markers that do not count)
-- then  W, then W groups: marker key index, F, F fields to claim (each must be absent; set to 1)
-- then  S, then S sums: G, G key indices, F1, F1 fields (1 added to each), F, then F pairs (field, n): n added; each
--       to the field of every listed hash. A field is in one of the two lists, not both.
-- then  H, then H headline JSON objects; then E, then E evidence candidates: evidence key index, field,
--       voices key index, L, L headline indices (1-based, newest first)
-- then  D, then D pairs (canonical, display): set where the display hash has no such field
-- then  L, then L leaf slice names to add to KEYS[3]
--
-- Returns {'applied'}, {'skipped'} (the stored offset is at or past the batch's last offset: a replay) or
-- {'refused', reason} (an answer ApplyCall relied on has changed; nothing was written).

local offsetField = ARGV[1]
local lastOffset = tonumber(ARGV[2])
local stored = redis.call('HGET', KEYS[1], offsetField)
-- NOTE: Lua numbers are doubles; offsets are exact up to 2^53, far beyond any partition's life.
if stored and tonumber(stored) >= lastOffset then
  -- The whole batch is already in Redis: a replay after a crash between this script and the Kafka commit.
  return {'skipped'}
end
if (stored or '') ~= ARGV[3] then
  return {'refused', 'the stored offset is ' .. (stored or 'absent') .. ', read as ' .. ARGV[3]}
end

local horizonMs = ARGV[4]
local evidenceKeep = tonumber(ARGV[5])
local evidenceMinCount = tonumber(ARGV[6])
local hashCount = tonumber(ARGV[7])
local p = 8 + hashCount
local newSeen = tonumber(ARGV[p])
local knownSeen = tonumber(ARGV[p + 1])
p = p + 2
local firstSeen = 4 + hashCount

-- Fields of one hash are read and written with one HMGET or HSET per chunk of fields, not one command per field: the
-- cost of a redis.call was most of Redis's time per document (docs/benchmarks.md). Chunks keep unpack() within Lua's
-- C stack.
local CHUNK = 1000

-- The first of the fields ARGV[from..to] of hash key that exists (present == false) or does not (present == true), or nil.
local function firstOtherwise(key, from, to, present)
  for a = from, to, CHUNK do
    local b = math.min(a + CHUNK - 1, to)
    local values = redis.call('HMGET', key, unpack(ARGV, a, b))
    for i = 1, b - a + 1 do
      if (values[i] ~= false) ~= present then
        return ARGV[a + i - 1]
      end
    end
  end
  return nil
end

-- Groups of fields from ARGV[at] on (their count, then per group: the hash's KEYS index, the field count, the
-- fields), each field required present (present == true) or absent. Returns the position after them, or nil and the
-- refusal naming the first field that is not as read.
local function checkGroups(at, present, why)
  local groups = tonumber(ARGV[at])
  at = at + 1
  for _ = 1, groups do
    local key = KEYS[tonumber(ARGV[at])]
    local fields = tonumber(ARGV[at + 1])
    local wrong = firstOtherwise(key, at + 2, at + 1 + fields, present)
    if wrong then
      return nil, {'refused', key .. ' field ' .. wrong .. why}
    end
    at = at + 2 + fields
  end
  return at, nil
end

-- 1. Checks that write nothing: what was read as present must still be, what was read as absent (the marker fields to
-- claim) must still be absent.
for i = firstSeen + newSeen, firstSeen + newSeen + knownSeen - 1 do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    return {'refused', KEYS[i] .. ' has expired since it was read'}
  end
end
local checksAfter, refusal = checkGroups(p, true, ' has gone since it was read')
if refusal then
  return refusal
end
local claimsAt = checksAfter
p, refusal = checkGroups(claimsAt, false, ' was set since it was read')
if refusal then
  return refusal
end

-- 2. Claims: the seen markers (undone if one was set since it was read), then the marker fields checked above.
for i = firstSeen, firstSeen + newSeen - 1 do
  if not redis.call('SET', KEYS[i], '1', 'NX', 'PX', horizonMs) then
    for j = firstSeen, i - 1 do
      redis.call('DEL', KEYS[j])
    end
    return {'refused', KEYS[i] .. ' was set since it was read'}
  end
end
local groups = tonumber(ARGV[claimsAt])
local q = claimsAt + 1
for _ = 1, groups do
  local key = KEYS[tonumber(ARGV[q])]
  local fields = tonumber(ARGV[q + 1])
  for a = q + 2, q + 1 + fields, CHUNK do
    local b = math.min(a + CHUNK - 1, q + 1 + fields)
    local writes = {}
    for j = a, b do
      writes[#writes + 1] = ARGV[j]
      writes[#writes + 1] = '1'
    end
    redis.call('HSET', key, unpack(writes))
  end
  q = q + 2 + fields
end

-- 3. The counts. A group's fields are added to each of its hashes with one HMGET and one HSET per chunk of fields
-- (inside this atomic step, the read and the write are one increment), a single field with HINCRBY. The fields that
-- add 1 (most of them: the vocabulary is a long tail) come without their count, the others as (field, n) pairs;
-- a chunk's names and increments are gathered once for all the hashes of the group.
local sums = tonumber(ARGV[p])
p = p + 1
for _ = 1, sums do
  local hashesInGroup = tonumber(ARGV[p])
  local keysAt = p + 1
  local ones = tonumber(ARGV[keysAt + hashesInGroup])
  local onesAt = keysAt + hashesInGroup + 1
  local counted = tonumber(ARGV[onesAt + ones])
  local pairsAt = onesAt + ones + 1
  local fields = ones + counted
  if fields == 1 then
    local field, n = ARGV[onesAt], 1
    if counted == 1 then
      field, n = ARGV[pairsAt], ARGV[pairsAt + 1]
    end
    for k = keysAt, keysAt + hashesInGroup - 1 do
      redis.call('HINCRBY', KEYS[tonumber(ARGV[k])], field, n)
    end
  else
    for from = 0, fields - 1, CHUNK do
      local to = math.min(from + CHUNK, fields) - 1
      local names = {}
      local adds = {}
      for j = from, to do
        if j < ones then
          names[#names + 1] = ARGV[onesAt + j]
          adds[#adds + 1] = 1
        else
          local at = pairsAt + 2 * (j - ones)
          names[#names + 1] = ARGV[at]
          adds[#adds + 1] = tonumber(ARGV[at + 1])
        end
      end
      for k = keysAt, keysAt + hashesInGroup - 1 do
        local key = KEYS[tonumber(ARGV[k])]
        local old = redis.call('HMGET', key, unpack(names))
        local writes = {}
        for i = 1, #names do
          local n = adds[i]
          if old[i] then
            -- NOTE: a value that is not a number fails the script here, as HINCRBY would.
            n = n + tonumber(old[i])
          end
          writes[2 * i - 1] = names[i]
          writes[2 * i] = n   -- Redis writes an integral Lua number as its digits ("%.17g")
        end
        redis.call('HSET', key, unpack(writes))
      end
    end
  end
  p = pairsAt + 2 * counted
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
  local voices = tonumber(redis.call('HGET', KEYS[tonumber(ARGV[p + 2])], field) or '0')
  if voices >= evidenceMinCount then
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

-- 5. Display forms, expiries, and the offset this batch reached.
-- The display hash: the fields still absent, read and written a chunk at a time (HSETNX each, in effect).
local displayPairs = tonumber(ARGV[p])
for a = 0, displayPairs - 1, CHUNK do
  local b = math.min(a + CHUNK, displayPairs) - 1
  local names = {}
  for i = a, b do
    names[#names + 1] = ARGV[p + 1 + 2 * i]
  end
  local shown = redis.call('HMGET', KEYS[2], unpack(names))
  local writes = {}
  for i = 1, #names do
    if not shown[i] then
      writes[#writes + 1] = names[i]
      writes[#writes + 1] = ARGV[p + 2 + 2 * (a + i - 1)]
    end
  end
  if #writes > 0 then
    redis.call('HSET', KEYS[2], unpack(writes))
  end
end
p = p + 1 + 2 * displayPairs
local leaves = tonumber(ARGV[p])
if leaves > 0 then
  redis.call('SADD', KEYS[3], unpack(ARGV, p + 1, p + leaves))
end
for i = 1, hashCount do
  -- KEYS[3+i] has its expiry at ARGV[7+i]; a hash this batch did not create is left as it is (no such key).
  redis.call('PEXPIREAT', KEYS[3 + i], ARGV[7 + i])
end
redis.call('HSET', KEYS[1], offsetField, ARGV[2])
return {'applied'}
