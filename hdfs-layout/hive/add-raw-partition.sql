-- Silgeom: register one closed raw hour with Hive, so raw_articles sees it without a full MSCK REPAIR (which lists
-- every directory of the archive). The Oozie coordinator oozie/hive-partitions runs it after each hour's _SUCCESS:
--   beeline -u jdbc:hive2://hiveserver:10000 --hivevar root=hdfs://namenode:8020/silgeom \
--           --hivevar dt=2024-05-01 --hivevar hr=09 -f add-raw-partition.sql
-- IF NOT EXISTS: running it twice for an hour (an Oozie rerun) changes nothing.

ALTER TABLE silgeom.raw_articles ADD IF NOT EXISTS PARTITION (dt = '${hivevar:dt}', hr = '${hivevar:hr}')
LOCATION '${hivevar:root}/raw/articles/dt=${hivevar:dt}/hr=${hivevar:hr}';
