"""Population: synthetic Russian adults aged 18-69 in January 2022, as a weighted sample or at full scale.

Inputs: UN WPP 2024 by age and sex (``starsim-data``), and the evidence figures and labelled assumptions declared in
``marginals.INPUTS``. Outputs: ``synthesize(sample_size, seed) -> Population`` (structure of arrays, one row per
synthetic person, with a weight, marked ``SYNTHETIC``), ``synthesize_full_scale(seed) -> Population`` (one record per
person, weight 1, about 100 million records) and ``describe(pop)``, every declared marginal's target against the
population's weighted value, with its evidence references and whether it is within tolerance.
"""

from relokant.population.marginals import INPUTS, MARGINALS, Input, Marginal, describe
from relokant.population.schema import (AGE_MAX, AGE_MIN, CHILDREN_MAX, ENTREPRENEUR, LANGUAGE_LEVELS, OCCUPATIONS,
                                        REGIONS, SCHEMA, Attribute, Population)
from relokant.population.synthesis import OVERSAMPLING, synthesize, synthesize_full_scale

__all__ = ["AGE_MAX", "AGE_MIN", "CHILDREN_MAX", "ENTREPRENEUR", "INPUTS", "LANGUAGE_LEVELS", "MARGINALS",
           "OCCUPATIONS", "OVERSAMPLING", "REGIONS", "SCHEMA", "Attribute", "Input", "Marginal", "Population",
           "describe", "synthesize", "synthesize_full_scale"]
