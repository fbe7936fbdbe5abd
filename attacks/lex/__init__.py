"""The pieces of attacks.lexicon, one idea per module (attacks.lexicon re-exports them)."""
