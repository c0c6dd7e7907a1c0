"""Room 3: sales expense budgets, expenses, discount requests and policy."""
