-- Delete what an industry's gexin database need not keep for ever (PostgreSQL).
-- Run monthly, after the month's backup, as the owner of gexin's tables:
--
--   psql -v ON_ERROR_STOP=1 -f prune-history.sql gexin
--
-- Set the periods to what the ministry's rules ask for. Run monthly, each run deletes
-- about a month's rows: the change records through their index on the time, the
-- notifications by reading the table once (run it at night).

-- The audit trail: every change of a plan, pledge, meeting, minutes entry, evaluation…
-- Five years, the span of a five-year plan. To keep them elsewhere first:
--   \copy (SELECT * FROM core_changerecord WHERE time < now() - interval '5 years') TO 'changes.csv' CSV HEADER
DELETE FROM core_changerecord WHERE time < now() - interval '5 years';

-- Notifications their recipient read more than a year ago.
DELETE FROM core_notification WHERE read_at < now() - interval '1 year';
