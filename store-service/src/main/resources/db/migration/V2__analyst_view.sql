-- Indexes behind the analyst view, the exports and the TAXII feed.

-- TAXII: objects in the order the store wrote their reports (added_after, next)
CREATE INDEX reports_stored_idx ON reports (stored_at, id);
-- report page: the reports stored as duplicates of this one
CREATE INDEX reports_duplicate_of_idx ON reports ((document->>'duplicateOf'))
    WHERE document->>'duplicateOf' IS NOT NULL;
-- search facets: filter by source name and by topic
CREATE INDEX reports_source_name_idx ON reports ((source->>'name'), sort_time DESC);
CREATE INDEX reports_topics_idx ON reports USING gin ((document->'topics') jsonb_path_ops);
