-- Turn gexin's production records (plans_record) into a table partitioned by month of
-- their day, for a PostgreSQL database holding an industry's records (docs/operations.md).
--
-- Run once, in a maintenance window with the app servers and workers stopped, as the
-- owner of gexin's tables, in one transaction:
--
--   psql --single-transaction -v ON_ERROR_STOP=1 -f partition-records.sql gexin
--
-- Then add the coming months' partitions every month (a timer or cron job):
--
--   psql -c "SELECT gexin_add_record_partitions(12)" gexin
--
-- Nothing in gexin changes: it reads and writes plans_record as before, and PostgreSQL
-- keeps each month's rows, and each month's part of every index, apart. A page that
-- reads a range of days touches only those months; a month that is no longer needed
-- row by row is detached and archived whole (the daily and monthly totals, which the
-- pages read, stay).

ALTER TABLE plans_record RENAME TO plans_record_unpartitioned;
ALTER TABLE plans_record_unpartitioned RENAME CONSTRAINT plans_record_pkey
    TO plans_record_unpartitioned_pkey;
ALTER INDEX plans_record_key RENAME TO plans_record_unpartitioned_key;
ALTER INDEX plans_record_person RENAME TO plans_record_unpartitioned_person;

CREATE TABLE plans_record (LIKE plans_record_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY RANGE (day);

-- Ids keep coming from one sequence, after the highest id so far. The primary key of a
-- partitioned table must hold the partition key: (id, day); ids stay unique all the same.
CREATE SEQUENCE plans_record_partitioned_id_seq OWNED BY plans_record.id;
SELECT setval(
    'plans_record_partitioned_id_seq',
    COALESCE((SELECT max(id) FROM plans_record_unpartitioned), 0) + 1,
    false
);
ALTER TABLE plans_record ALTER COLUMN id SET DEFAULT nextval('plans_record_partitioned_id_seq');
ALTER TABLE plans_record ADD CONSTRAINT plans_record_pkey PRIMARY KEY (id, day);

-- The same keys as gexin's migrations make; the upserts of gexin.plans.records rely on
-- plans_record_key.
CREATE UNIQUE INDEX plans_record_key
    ON plans_record (unit_id, day, shift, metric_id, (COALESCE(person_id, 0)));
CREATE INDEX plans_record_person ON plans_record (person_id, day) WHERE person_id IS NOT NULL;

-- One partition per month, named plans_record_YYYY_MM, from `first_month` to `ahead`
-- months after the current one; months that exist already are left as they are.
CREATE OR REPLACE FUNCTION gexin_add_record_partitions(ahead integer, first_month date DEFAULT NULL)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    this_month date := date_trunc('month', COALESCE(first_month, current_date))::date;
    last_month date := (date_trunc('month', current_date) + make_interval(months => ahead))::date;
    made integer := 0;
    name text;
BEGIN
    WHILE this_month <= last_month LOOP
        name := 'plans_record_' || to_char(this_month, 'YYYY_MM');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF plans_record FOR VALUES FROM (%L) TO (%L)',
                name, this_month, (this_month + interval '1 month')::date
            );
            made := made + 1;
        END IF;
        this_month := (this_month + interval '1 month')::date;
    END LOOP;
    RETURN made;
END
$$;

-- Months of the last three years and the next twelve; older or stray days (a typing
-- error of the year) go to plans_record_other.
SELECT gexin_add_record_partitions(
    12,
    GREATEST(
        (SELECT min(day) FROM plans_record_unpartitioned),
        (date_trunc('month', current_date) - interval '36 months')::date
    )
);
CREATE TABLE plans_record_other PARTITION OF plans_record DEFAULT;

INSERT INTO plans_record SELECT * FROM plans_record_unpartitioned;
ANALYZE plans_record;

-- Keep the old table until gexin has run well on the new one, then:
--   DROP TABLE plans_record_unpartitioned;
