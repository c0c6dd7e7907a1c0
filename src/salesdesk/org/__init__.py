"""Room org: master data (territories, salespeople, groups, customers, products) and sales facts."""
