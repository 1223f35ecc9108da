-- Each event's contract version (DomainEvent.VERSION), relayed with it to the audit trail. An
-- expansion: the nodes of 0.1.0, which write no version, write version 1, as this release does.
ALTER TABLE outbox ADD COLUMN version smallint NOT NULL DEFAULT 1;
