"""Staff accounts, roles, login sessions, API tokens and the decorators that check them."""
