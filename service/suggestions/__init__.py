"""Suggestions (对策建议上报) as closed-loop work orders, and the departments
and routing table that handle them."""
