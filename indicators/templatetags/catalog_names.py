"""``{{ unit|unit_label }}`` and ``{{ domain|domain_label }}``: catalog units and domains in the active language."""

from django import template

from indicators.catalog_names import domain_label, unit_label

register = template.Library()
register.filter("unit_label", unit_label)
register.filter("domain_label", domain_label)
