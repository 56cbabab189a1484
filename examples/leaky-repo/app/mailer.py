"""Sends order confirmations."""

SENDER = "noreply@leakyshop.in"
BOUNCES = "mailer-daemon@leakyshop.in"


def confirmation_subject(order_id: int) -> str:
    # Tests use addresses such as buyer@example.com and shopper@store.test.
    return f"Your leaky-shop order #{order_id}"
