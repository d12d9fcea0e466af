"""Population: a weighted synthetic sample of Russian adults aged 18-69 in January 2022.

Inputs: UN WPP 2024 by age and sex (``starsim-data``), and the evidence figures and labelled assumptions declared in
``marginals.INPUTS``. Outputs: ``synthesize(sample_size, seed) -> Population`` (structure of arrays, one row per
synthetic person, with a weight, marked ``SYNTHETIC``) and ``describe(pop)``, the declared marginals' targets against
the population's weighted values.
"""

from relokant.population.marginals import INPUTS, MARGINALS, Input, Marginal, describe
from relokant.population.schema import AGE_MAX, AGE_MIN, OCCUPATIONS, REGIONS, SCHEMA, Attribute, Population
from relokant.population.synthesis import OVERSAMPLING, synthesize

__all__ = ["AGE_MAX", "AGE_MIN", "INPUTS", "MARGINALS", "OCCUPATIONS", "OVERSAMPLING", "REGIONS", "SCHEMA",
           "Attribute", "Input", "Marginal", "Population", "describe", "synthesize"]
