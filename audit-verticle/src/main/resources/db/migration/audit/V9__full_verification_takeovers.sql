-- How many times a full verification was taken over (0.3.0). A run whose pages fail every time (a
-- bug, a statement timeout) would be taken over for ever and keep any other from starting: past a
-- few takeovers it gives up, finished with the reason instead of a verdict, and the next start
-- begins a new one.
ALTER TABLE audit.full_verifications ADD COLUMN takeovers integer NOT NULL DEFAULT 0;
