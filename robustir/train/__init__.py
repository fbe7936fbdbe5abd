"""Multilingual retriever training: X-X, X-Y and hybrid batches (Elmahdy, Lin & Ahmad, arXiv 2408.10536).

``pairs`` builds parallel (question, answer sentence) units from XQuAD-R with
groups that keep parallel duplicates out of a batch; ``samplers`` holds the
three batch samplers for sentence-transformers; ``trainer`` runs
SentenceTransformerTrainer with MultipleNegativesRankingLoss; ``card`` writes
the model card and the robustir metadata file. Heavy libraries are imported
inside functions only.
"""

STRATEGIES: tuple[str, ...] = ("xx", "xy", "hybrid")
