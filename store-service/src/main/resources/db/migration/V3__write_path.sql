-- The store's write path (issue 12), measured with benchmarks' StoreBenchmark --probe on PostgreSQL 17:
--
-- 1. The foreign keys from report_groups / report_entities to reports cost one trigger call and one index
--    lookup with a row lock per child row: for a batch of 500 dev-set reports (~1,700 entity rows) the entity
--    insert's FK trigger took 60 ms, as long as the merge of the 500 reports themselves. The store is the only
--    writer of these tables and writes child rows only for the report ids its upsert returned, in the same
--    transaction; nothing deletes reports, so ON DELETE CASCADE never ran. The rule stays in the code
--    (ReportRepository.replaceChildren), not in a trigger.
-- 2. reports_canonical_url_idx served no query (nothing filters or joins on canonical_url) but was maintained on
--    every write.
ALTER TABLE report_groups DROP CONSTRAINT IF EXISTS report_groups_report_id_fkey;
ALTER TABLE report_entities DROP CONSTRAINT IF EXISTS report_entities_report_id_fkey;
DROP INDEX IF EXISTS reports_canonical_url_idx;
