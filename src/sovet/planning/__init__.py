"""The planning engine: pure numeric code (NumPy, SciPy, HiGHS), no web, no database.

- :mod:`.economy`: the checked model economy (products, processes, sparse arrays);
- :mod:`.leontief`: labour values and gross output by iterative solves;
- :mod:`.planray`: the plan ray under capacities and labour, with shadow prices,
  bottlenecks and the certificate of its accuracy;
- :mod:`.leastlabour`: the plan that meets the targets with the least labour, certified
  by the labour values where the cheapest technique fits, else by HiGHS;
- :mod:`.relief`: bottleneck relief, the plan ray with choice of technique by a simplex
  method whose basis is kept as a technique (Leontief solves) plus a few columns;
- :mod:`.solvers`: the general linear programme, its certificate, the HiGHS adapter;
- :mod:`.iotables`: national input-output tables as model economies.
"""

from .economy import Economy, Input, Process, Product
from .errors import (
    InfeasibleTargets,
    MissingProcess,
    NegativeCoefficient,
    NotProductive,
    PlanningError,
    UnitMismatch,
    UnknownProduct,
)
from .leastlabour import LeastLabourPlan, least_labour_plan, least_labour_programme
from .leontief import (
    GrossOutput,
    LabourValues,
    LeontiefSolution,
    Productivity,
    gross_output,
    labour_values,
    productivity,
    solve_leontief,
)
from .planray import (
    Bottleneck,
    CarriedPlan,
    PlanRay,
    carry_over,
    check_productive,
    plan_ray,
    plan_ray_programme,
)

__all__ = [
    "Bottleneck",
    "CarriedPlan",
    "Economy",
    "GrossOutput",
    "InfeasibleTargets",
    "Input",
    "LabourValues",
    "LeastLabourPlan",
    "LeontiefSolution",
    "MissingProcess",
    "NegativeCoefficient",
    "NotProductive",
    "PlanRay",
    "PlanningError",
    "Process",
    "Product",
    "Productivity",
    "UnitMismatch",
    "UnknownProduct",
    "carry_over",
    "check_productive",
    "gross_output",
    "labour_values",
    "least_labour_plan",
    "least_labour_programme",
    "plan_ray",
    "plan_ray_programme",
    "productivity",
    "solve_leontief",
]
