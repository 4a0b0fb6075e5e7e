-- Silgeom: example HiveQL over the tables of ddl.sql. Not yet run against a live HiveServer2.
-- Set the version you want (see Redis sg:batch:current or reports/batch/), e.g.:
--   beeline ... --hivevar v=20240501T1000Z-1714558020000 --hivevar day=2024-05-01 -f examples.sql
USE silgeom;

-- 1. Top 20 Korean news keywords of a day, from one batch view version.
SELECT keyword, MIN(display) AS display, SUM(articles) AS articles
FROM keyword_hourly
WHERE v = '${hivevar:v}' AND hour_id LIKE concat(regexp_replace('${hivevar:day}', '-', ''), '%')
  AND lang = 'ko' AND source = 'news'
GROUP BY keyword
ORDER BY articles DESC
LIMIT 20;

-- 2. One keyword hour by hour (all languages and sources), to compare with GET /api/v1/keywords/{k}/series.
SELECT hour_id, SUM(articles) AS articles
FROM keyword_hourly
WHERE v = '${hivevar:v}' AND keyword = 'flood'
GROUP BY hour_id
ORDER BY hour_id;

-- 3. Articles archived per hour and source (distinct ids: a duplicate is one article).
SELECT dt, hr, source, COUNT(DISTINCT id) AS articles, COUNT(*) AS records
FROM raw_articles
WHERE dt = '${hivevar:day}'
GROUP BY dt, hr, source
ORDER BY dt, hr, source;

-- 4. Duplicate ids: which copies exist and which one counts (the smallest partition, offset).
SELECT id, COUNT(*) AS copies,
       MIN(named_struct('p', `_kafka`.`partition`, 'o', `_kafka`.`offset`)) AS counted_copy
FROM raw_articles
WHERE dt = '${hivevar:day}'
GROUP BY id
HAVING COUNT(*) > 1
ORDER BY copies DESC
LIMIT 50;

-- 5. Late arrivals: records that reached Kafka more than an hour after their event time.
SELECT id, publishedAt, `_kafka`.`timestamp` AS arrived,
       (unix_timestamp(substr(`_kafka`.`timestamp`, 1, 19), "yyyy-MM-dd'T'HH:mm:ss")
        - unix_timestamp(substr(publishedAt, 1, 19), "yyyy-MM-dd'T'HH:mm:ss")) / 60 AS minutes_late
FROM raw_articles
WHERE dt = '${hivevar:day}' AND publishedAt LIKE '%Z'
  AND unix_timestamp(substr(`_kafka`.`timestamp`, 1, 19), "yyyy-MM-dd'T'HH:mm:ss")
      - unix_timestamp(substr(publishedAt, 1, 19), "yyyy-MM-dd'T'HH:mm:ss") > 3600
ORDER BY minutes_late DESC
LIMIT 50;

-- 6. Why records were rejected on arrival, by field (the reason starts with "<field>: ").
SELECT split(reason, ':')[0] AS field, COUNT(*) AS records
FROM quarantine
WHERE dt = '${hivevar:day}'
GROUP BY split(reason, ':')[0]
ORDER BY records DESC;

-- 7. Invalid share of a day's arrivals (the batch run fails over batch.invalid.max.share, default 0.05).
SELECT q.n / (q.n + r.n) AS invalid_share, q.n AS quarantined, r.n AS archived
FROM (SELECT COUNT(*) AS n FROM quarantine WHERE dt = '${hivevar:day}') q
CROSS JOIN (SELECT COUNT(*) AS n FROM raw_articles
            WHERE substr(`_kafka`.`timestamp`, 1, 10) = '${hivevar:day}') r;
