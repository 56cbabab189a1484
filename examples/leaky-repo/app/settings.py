"""Settings for the leaky-shop web application."""

DEBUG = False
ADMINS = [("Meera Iyer", "meera.iyer@leakyshop.in"), ("Ops", "ops@leakyshop.in")]
DEFAULT_CURRENCY = "INR"
ORDERS_PER_PAGE = 25
