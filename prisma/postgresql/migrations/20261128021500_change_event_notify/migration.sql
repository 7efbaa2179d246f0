-- Every change event is also sent as a notification on channel portico_changes when its
-- transaction commits, so gateways on PostgreSQL without Redis hear of it at once instead of at
-- their next poll. The payload names the schema: Porticos sharing a database in different
-- schemas ignore each other's events.
CREATE OR REPLACE FUNCTION "portico_notify_change"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify(
    'portico_changes',
    json_build_object('topic', NEW."topic", 'entityId', NEW."entityId", 'schema', current_schema())::text
  );
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ChangeEvent_notify" AFTER INSERT ON "ChangeEvent"
  FOR EACH ROW EXECUTE FUNCTION "portico_notify_change"();
