"""Open Badges 3.0 as a plain library: contexts, keys, proofs, status lists, baking.

Nothing here knows about Django models; `comptoir.skills.issuing` is the glue.
"""
