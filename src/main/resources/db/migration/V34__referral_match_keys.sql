-- Indexed match keys for cross-door de-duplication. Each referral gets keyed hashes (HMAC-SHA256
-- under doorway.triage.match-key, never a name, date or place in clear) of what the duplicate
-- rules compare: the person's name, and the place (coordinate cells and the address text). A new
-- referral looks up earlier ones by key instead of reading recent bodies one by one; the keys
-- also name the advisory locks that make two transactions storing the same person wait for each
-- other. Referrals stored before this migration are keyed at start-up for the duplicate window,
-- the only span in which they can still be matched; nothing stored is changed.
create table referral_match_key (
    referral_id  uuid        not null references referral (id),
    site         text        not null,
    kind         text        not null,                 -- person, place
    match_key    text        not null,                 -- hex HMAC-SHA256
    received_at  timestamptz not null,                 -- the referral's, so look-ups need no join
    primary key (referral_id, kind, match_key)
);
create index referral_match_key_lookup on referral_match_key (site, match_key, received_at);
-- The start-up keying looks for referrals received within the duplicate window, across sites.
create index referral_received on referral (received_at);
