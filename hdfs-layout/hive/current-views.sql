-- Silgeom: Hive views pinned to one batch run version, so ad-hoc queries need no "WHERE v = ...".
-- Run after ddl.sql with the version to pin (Redis sg:batch:current, or the newest succeeded reports/batch/*.json):
--   beeline -u jdbc:hive2://hiveserver:10000 --hivevar v=20240501T1000Z-1714558020000 -f current-views.sql
-- Re-run it with the next version after each batch run; CREATE OR REPLACE switches the views in place.

USE silgeom;

CREATE OR REPLACE VIEW keyword_hourly_current AS
SELECT hour_id, lang, source, keyword, display, articles FROM keyword_hourly WHERE v = '${hivevar:v}';

CREATE OR REPLACE VIEW baselines_current AS
SELECT keyword, lang, source, hour_of_day, expected, `days` FROM baselines WHERE v = '${hivevar:v}';

CREATE OR REPLACE VIEW features_current AS
SELECT `hour`, keyword, lang, source, `count`, baseline, score, docs_in_hour FROM features WHERE v = '${hivevar:v}';
