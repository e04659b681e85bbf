"""Development and demo tools: the host simulator, the synthetic city and the
sample terminal. Production code never imports them."""
