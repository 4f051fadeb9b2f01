-- The local outbox also takes page calls: where the simulated phone's key press goes.
alter table outbox_message add column answer_url text;
