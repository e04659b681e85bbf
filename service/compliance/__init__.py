"""Compliance (六.1, 三, 五.2, 五.3): the monthly activity floor, the units'
participation floors, coverage and check-in, read by supervisors within reach
and by the half-year reports."""
