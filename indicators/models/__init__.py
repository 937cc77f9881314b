"""The indicator catalog, plan indicator rows, targets, and yearly values.

Values belong to region + indicator + year, never to a plan: the 2025 value of
婴儿死亡率 in 克拉玛依区 ends one plan and is the baseline of the next.

The models live in modules by subject (``catalog``, ``plan_rows``, ``values``,
``status``, ``submissions``); import them from here, ``from indicators.models import …``.
"""

# Imported in the order the models were declared when this was one module, so
# apps.get_models() (and dumpdata) lists them as before.
from .catalog import (
    COMPARATOR_CHOICES,
    COMPARATORS,
    NATURE_BY_TEXT,
    Direction,
    Indicator,
    IndicatorAlias,
    Nature,
)
from .plan_rows import PlanIndicator, PlanIndicatorQuerySet, Target

# isort: split
from .values import IndicatorValue, IndicatorValueQuerySet, ValueChange, ValueSource

# isort: split
from .status import (
    MANUAL_STATUS_CHOICES,
    MANUAL_STATUS_CODES,
    STATUS_CHOICES,
    STATUS_CODES,
    IndicatorStatus,
    IndicatorStatusQuerySet,
    ManualStatus,
    status_label,
)
from .submissions import SubmissionEvent, UploadBatch, YearSubmission

__all__ = [
    "COMPARATORS",
    "COMPARATOR_CHOICES",
    "MANUAL_STATUS_CHOICES",
    "MANUAL_STATUS_CODES",
    "NATURE_BY_TEXT",
    "STATUS_CHOICES",
    "STATUS_CODES",
    "Direction",
    "Indicator",
    "IndicatorAlias",
    "IndicatorStatus",
    "IndicatorStatusQuerySet",
    "IndicatorValue",
    "IndicatorValueQuerySet",
    "ManualStatus",
    "Nature",
    "PlanIndicator",
    "PlanIndicatorQuerySet",
    "SubmissionEvent",
    "Target",
    "UploadBatch",
    "ValueChange",
    "ValueSource",
    "YearSubmission",
    "status_label",
]
