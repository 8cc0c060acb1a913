"""Roster, votes, release and verify. Imports: editions, proposals, check, history, core."""
