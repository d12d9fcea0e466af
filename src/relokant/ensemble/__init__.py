"""Ensembles around the engine: parameter draws x seeds, their execution (locally or on a Dask cluster) and the
sensitivity of headline outputs to parameters (Sobol indices).

Modules: ``execute`` (running many simulations, seeded per task so that results do not depend on the number of
workers) and ``sensitivity`` (Sobol indices with SALib). Import them directly.
"""
