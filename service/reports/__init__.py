"""Half-year reports (六.4): the compliance figures, key tasks and suggestions
of a unit, a district or the city over six months, as HTML, PDF and xlsx."""
