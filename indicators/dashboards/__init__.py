"""Planners' dashboards: plan progress, cross-district comparison, status heatmap, 2025 vs 2030, exports.

Every screen reads the precomputed status table (``IndicatorStatus``); yearly values are read
only for the few indicators a chart shows. Reads live in ``selectors``, chart data in
``charts`` (plain dicts in plotly's figure format, testable without HTTP), tables in
``tables``, filters in ``filters``, file exports in ``exports``; ``views`` stay thin.
"""
