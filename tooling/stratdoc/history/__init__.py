"""What changed between revisions: needs, prose, words, the Synopse, credits. Imports: core."""
