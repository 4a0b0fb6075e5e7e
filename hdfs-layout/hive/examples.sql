-- Silgeom: example ad-hoc HiveQL over the tables of ddl.sql. Pick the version (Redis sg:batch:current, or the newest
-- succeeded reports/batch/*.json), the day and a keyword, e.g.:
--   beeline -u jdbc:hive2://hiveserver:10000 --hivevar v=20240501T1000Z-1714558020000 --hivevar day=2024-05-01 \
--           --hivevar keyword=flood -f examples.sql
-- Each query is preceded by "-- name: <name>"; hdfs-layout's HiveQueriesIT runs every one of them on a real
-- HiveServer2 over sample files and checks its rows.

USE silgeom;

-- name: top_keywords_of_day
-- Top 20 Korean news keywords of a day, from one batch view version.
SELECT keyword, MIN(display) AS display, SUM(articles) AS articles
FROM keyword_hourly
WHERE v = '${hivevar:v}' AND hour_id LIKE concat(regexp_replace('${hivevar:day}', '-', ''), '%')
  AND lang = 'ko' AND source = 'news'
GROUP BY keyword
ORDER BY articles DESC, keyword
LIMIT 20;

-- name: keyword_hourly_curve
-- One keyword hour by hour (all languages and sources), to compare with GET /api/v1/keywords/{k}/series.
SELECT hour_id, SUM(articles) AS articles
FROM keyword_hourly
WHERE v = '${hivevar:v}' AND keyword = '${hivevar:keyword}'
GROUP BY hour_id
ORDER BY hour_id;

-- name: keyword_against_baseline
-- The same keyword's hours against its baseline and trend score inputs, from the feature table.
SELECT `hour`, lang, source, `count`, baseline, score, docs_in_hour
FROM features
WHERE v = '${hivevar:v}' AND keyword = '${hivevar:keyword}'
ORDER BY `hour`, lang, source;

-- name: top_scores_of_day
-- The hours and keywords that trended most on a day (all languages and sources), with what was expected then.
SELECT `hour`, keyword, `count`, baseline, score
FROM features
WHERE v = '${hivevar:v}' AND `hour` LIKE concat(regexp_replace('${hivevar:day}', '-', ''), '%')
  AND lang = 'all' AND source = 'all' AND score IS NOT NULL
ORDER BY score DESC, `hour`, keyword
LIMIT 20;

-- name: expected_by_hour_of_day
-- What the baselines expect for the keyword in each hour of the day, all languages and sources rolled up.
SELECT hour_of_day, expected, `days`
FROM baselines
WHERE v = '${hivevar:v}' AND keyword = '${hivevar:keyword}' AND lang = 'all' AND source = 'all'
ORDER BY hour_of_day;

-- name: articles_per_hour
-- Articles archived per hour and source (distinct ids: a duplicate is one article).
SELECT dt, hr, source, COUNT(DISTINCT id) AS articles, COUNT(*) AS records
FROM raw_articles
WHERE dt = '${hivevar:day}'
GROUP BY dt, hr, source
ORDER BY dt, hr, source;

-- name: duplicate_ids
-- Duplicate ids: how many copies exist and which one counts (the smallest partition, then offset).
SELECT id, COUNT(*) AS copies,
       MIN(named_struct('p', `_kafka`.`partition`, 'o', `_kafka`.`offset`)) AS counted_copy
FROM raw_articles
WHERE dt = '${hivevar:day}'
GROUP BY id
HAVING COUNT(*) > 1
ORDER BY copies DESC, id
LIMIT 50;

-- name: late_arrivals
-- Late arrivals: records that reached Kafka more than an hour after their event time.
SELECT id, publishedAt, `_kafka`.`timestamp` AS arrived,
       (unix_timestamp(substr(`_kafka`.`timestamp`, 1, 19), "yyyy-MM-dd'T'HH:mm:ss")
        - unix_timestamp(substr(publishedAt, 1, 19), "yyyy-MM-dd'T'HH:mm:ss")) / 60 AS minutes_late
FROM raw_articles
WHERE dt = '${hivevar:day}' AND publishedAt LIKE '%Z'
  AND unix_timestamp(substr(`_kafka`.`timestamp`, 1, 19), "yyyy-MM-dd'T'HH:mm:ss")
      - unix_timestamp(substr(publishedAt, 1, 19), "yyyy-MM-dd'T'HH:mm:ss") > 3600
ORDER BY minutes_late DESC, id
LIMIT 50;

-- name: quarantine_reasons
-- Why records were rejected on arrival (the dead-letter queue), by field: the reason starts with "<field>: ".
SELECT split(reason, ':')[0] AS field, COUNT(*) AS records
FROM quarantine
WHERE dt = '${hivevar:day}'
GROUP BY split(reason, ':')[0]
ORDER BY records DESC, field;

-- name: invalid_share
-- Invalid share of a day's arrivals (the batch run fails over batch.invalid.max.share, default 0.05).
SELECT q.n / (q.n + r.n) AS invalid_share, q.n AS quarantined, r.n AS archived
FROM (SELECT COUNT(*) AS n FROM quarantine WHERE dt = '${hivevar:day}') q
CROSS JOIN (SELECT COUNT(*) AS n FROM raw_articles
            WHERE substr(`_kafka`.`timestamp`, 1, 10) = '${hivevar:day}') r;
