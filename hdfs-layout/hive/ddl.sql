-- Silgeom: Hive external tables over the HDFS layout (hdfs-layout/LAYOUT.md).
-- Run with the root of the layout, e.g.:
--   beeline -u jdbc:hive2://hiveserver:10000 --hivevar root=hdfs://namenode:8020/silgeom -f ddl.sql
-- Tables are EXTERNAL: dropping one never deletes data. New partitions appear after MSCK REPAIR TABLE (or
-- ALTER TABLE … ADD PARTITION; on a cluster the Oozie coordinator oozie/hive-partitions adds each closed raw hour
-- with add-raw-partition.sql). The archiver and the batch run do not register them.
-- Tested: hdfs-layout's HiveQueriesIT runs this file and the other .sql files here on a HiveServer2 4.0.1.
-- Statements end with ';' at the end of a line (the test splits the file there, as beeline does).

CREATE DATABASE IF NOT EXISTS silgeom;
USE silgeom;

-- Every archived article record, as received, plus where Kafka had it. Partitioned by EVENT time (UTC).
-- JsonSerDe matches JSON keys to columns case-insensitively (publishedAt -> publishedat); unknown keys are ignored.
CREATE EXTERNAL TABLE IF NOT EXISTS raw_articles (
  id          STRING COMMENT 'article id; the same id twice is one article',
  source      STRING COMMENT 'news or social',
  site        STRING,
  author      STRING,
  lang        STRING COMMENT 'as given by the producer; may be NULL (detected at analysis)',
  publishedAt STRING COMMENT 'event time, ISO-8601 with offset',
  title       STRING,
  body        STRING,
  url         STRING,
  `_kafka`    STRUCT<topic:STRING, `partition`:INT, `offset`:BIGINT, `timestamp`:STRING>
              COMMENT 'where the archiver read the record; timestamp = arrival time used for validation'
)
COMMENT 'Silgeom master dataset: raw/articles/dt=/hr=/part-<p>-<first>-<last>.jsonl'
PARTITIONED BY (dt STRING COMMENT 'UTC date of publishedAt, yyyy-MM-dd', hr STRING COMMENT 'UTC hour of publishedAt, HH')
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.JsonSerDe'
STORED AS TEXTFILE
LOCATION '${hivevar:root}/raw/articles';

-- Records rejected on arrival (dead letters), by RECEIVE date.
CREATE EXTERNAL TABLE IF NOT EXISTS quarantine (
  reason      STRING COMMENT 'the rule broken, naming the field and value',
  receivedAt  STRING COMMENT 'Kafka record timestamp, ISO-8601',
  topic       STRING,
  `partition` INT,
  `offset`    BIGINT,
  raw         STRING COMMENT 'the record as received (UTF-8, malformed bytes replaced)'
)
COMMENT 'Silgeom quarantine: quarantine/dt=/part-<p>-<first>-<last>.jsonl'
PARTITIONED BY (dt STRING COMMENT 'UTC date of receivedAt, yyyy-MM-dd')
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.JsonSerDe'
STORED AS TEXTFILE
LOCATION '${hivevar:root}/quarantine';

-- The batch view of each run: distinct articles per UTC hour, lang, source and keyword, event time < the run's cutoff.
-- Which version is live: Redis sg:batch:current (or the newest reports/batch/*.json with status succeeded).
CREATE EXTERNAL TABLE IF NOT EXISTS keyword_hourly (
  hour_id  STRING COMMENT 'UTC hour of the event time, yyyyMMddHH',
  lang     STRING COMMENT 'analysis language: ko, en, und, ...',
  source   STRING COMMENT 'news or social',
  keyword  STRING COMMENT 'canonical keyword',
  display  STRING COMMENT 'display form',
  articles BIGINT COMMENT 'distinct articles mentioning the keyword'
)
COMMENT 'Silgeom batch view: views/keyword_hourly/v=<version>/part-r-*'
PARTITIONED BY (v STRING COMMENT 'batch run version, yyyyMMddTHHmmZ-<epochMillis>')
ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n'
STORED AS TEXTFILE
LOCATION '${hivevar:root}/views/keyword_hourly';

-- Baselines of each run: expected articles per keyword, lang, source and UTC hour of day, averaged over the last
-- `days` days before the run's cutoff (batch.baseline.days). lang/source include the roll-ups 'all'. Only keywords
-- with batch.baseline.min.mentions in the window have rows (24, zeros included).
CREATE EXTERNAL TABLE IF NOT EXISTS baselines (
  keyword     STRING COMMENT 'canonical keyword',
  lang        STRING COMMENT 'analysis language, or all',
  source      STRING COMMENT 'news, social, or all',
  hour_of_day INT    COMMENT 'UTC hour of day, 0-23',
  expected    DOUBLE COMMENT 'mean articles per day in that hour of day over the window',
  `days`      INT    COMMENT 'days of history the mean is over'
)
COMMENT 'Silgeom baselines: views/baselines/v=<version>/part-r-*'
PARTITIONED BY (v STRING COMMENT 'batch run version, yyyyMMddTHHmmZ-<epochMillis>')
ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n'
STORED AS TEXTFILE
LOCATION '${hivevar:root}/views/baselines';

-- The feature table for analysts and ML: one row per UTC hour and keyword slice with a mention, point-in-time
-- correct (the baseline of an hour uses only the days before that hour's day, so a model trained on it never sees
-- the future). \N (NULL) where a value is unknown: baseline and score before any earlier day is archived.
CREATE EXTERNAL TABLE IF NOT EXISTS features (
  `hour`       STRING COMMENT 'UTC hour of the event time, yyyyMMddHH',
  keyword      STRING COMMENT 'canonical keyword',
  lang         STRING COMMENT 'analysis language, or all',
  source       STRING COMMENT 'news, social, or all',
  `count`      BIGINT COMMENT 'distinct articles mentioning the keyword in that hour',
  baseline     DOUBLE COMMENT 'expected articles for that hour of day from the days before it; NULL without history',
  score        DOUBLE COMMENT '(count - baseline) / sqrt(baseline + 1), the serving layer trend score; NULL without history',
  docs_in_hour BIGINT COMMENT 'distinct articles counted in that hour, lang and source (any keyword); NULL for views written before it'
)
COMMENT 'Silgeom feature table: views/features/v=<version>/part-r-*'
PARTITIONED BY (v STRING COMMENT 'batch run version, yyyyMMddTHHmmZ-<epochMillis>')
ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n'
STORED AS TEXTFILE
LOCATION '${hivevar:root}/views/features';

MSCK REPAIR TABLE raw_articles;
MSCK REPAIR TABLE quarantine;
MSCK REPAIR TABLE keyword_hourly;
MSCK REPAIR TABLE baselines;
MSCK REPAIR TABLE features;
