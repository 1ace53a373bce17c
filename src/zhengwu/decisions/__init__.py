"""Major decisions (重大行政决策) and contracts in the government's name."""
