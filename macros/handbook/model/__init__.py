"""Typed models of the data files. They describe facts and their citations, nothing else."""
